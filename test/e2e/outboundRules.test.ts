import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStore, type Store } from '@vaxel/store';
import { freePort as peerPort, runSipp } from '../../packages/switch/test/sipp.ts';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  pick,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * Outbound calls (R91) and emergency calls (R92) in the console: the admin opens calls abroad to
 * one country, forwarding follows that choice, and an emergency call a phone places is marked in
 * the call log. Issue 10: the admin sets the outbound limits, and lifts the switch's block of
 * international calls from the banner every page shows while it lasts.
 */
describe('Outbound calls in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };
  let store: Store | undefined;
  const factoryLimits = { concurrentCalls: 10, minutesPerHour: 300, internationalSpike: { calls: 10, seconds: 60 } };
  const rules = async () => (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/outbound-rules`)).json;

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    browser = await launchBrowser(makeSpeechWav('Hej'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
    await page.getByRole('link', { name: 'Outbound calls' }).click();
  });
  afterAll(async () => {
    await store?.close();
    await browser?.close();
    await vaxel?.stop();
  });

  it('shows the organisation’s emergency numbers and everything but national calls blocked', async () => {
    const emergency = page.getByRole('region', { name: 'Emergency numbers' });
    await emergency.getByText('Emergency numbers in Sweden:').waitFor();
    await emergency.getByText('112', { exact: true }).waitFor();
    await emergency.getByText('90000', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('switch', { name: 'Allow calls abroad' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Allow premium-rate numbers' }).isChecked()).toBe(false);
    expect(
      await page.getByRole('switch', { name: 'Allow satellite and international network numbers' }).isChecked(),
    ).toBe(false);
    expect(await rules()).toEqual({
      international: { allowed: false, countries: [] },
      premium: { allowed: false },
      satellite: { allowed: false },
      limits: factoryLimits,
    });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('allows calls to Germany and satellite numbers, and the server keeps exactly that', async () => {
    await page.getByRole('switch', { name: 'Allow calls abroad' }).check();
    await page.getByText('No country picked yet: calls abroad stay blocked.').waitFor();
    await page.getByRole('combobox', { name: 'Countries that may be called' }).click();
    await page.keyboard.type('Germ');
    await page.getByRole('option', { name: 'Germany (+49)' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('switch', { name: 'Allow satellite and international network numbers' }).check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(rules).toEqual({
      international: { allowed: true, countries: ['DE'] },
      premium: { allowed: false },
      satellite: { allowed: true },
      limits: factoryLimits,
    });
    await screenshot(page, 'outbound-calls');
  });

  it('changes the outbound limits, and they survive a reload', async () => {
    const limits = page.getByRole('region', { name: 'Limits' });
    const field = (name: string) => limits.getByRole('textbox', { name, exact: true });
    await expect.poll(() => field('Outbound calls at once').inputValue()).toBe('10');
    await field('Outbound calls at once').fill('4');
    await field('Outbound minutes per hour').fill('90');
    await field('International calls').fill('3');
    await field('Within seconds').fill('120');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();
    const saved = { concurrentCalls: 4, minutesPerHour: 90, internationalSpike: { calls: 3, seconds: 120 } };
    await expect.poll(async () => (await rules()).limits).toEqual(saved);
    // The rest of the rules are as they were.
    expect((await rules()).international).toEqual({ allowed: true, countries: ['DE'] });

    await page.reload();
    await expect.poll(() => field('Outbound calls at once').inputValue()).toBe('4');
    expect(await field('Outbound minutes per hour').inputValue()).toBe('90');
    expect(await field('International calls').inputValue()).toBe('3');
    expect(await field('Within seconds').inputValue()).toBe('120');
  });

  it('lets calls be forwarded to Berlin but refuses Paris beside the number, naming why', async () => {
    await page.getByRole('link', { name: 'Call routing' }).click();
    const rejected = page.getByRole('region', { name: 'Rejected calls' });
    await pick(page, 'Rejected calls go to', 'External number', rejected);
    const number = rejected.getByRole('textbox', { name: 'Rejected calls go to: External number' });
    await number.fill('+4930123456');
    await rejected.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json
            .rejectedDestination,
      )
      .toEqual({ type: 'externalNumber', number: '+4930123456' });

    await number.fill('+33123456789');
    await rejected.getByRole('button', { name: 'Save' }).click();
    await rejected
      .getByText(/\+33123456789 is a number of FR, which is not among the countries this organisation may call/)
      .waitFor();
    await expect.poll(() => number.getAttribute('aria-invalid')).toBe('true');
    expect(
      (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json
        .rejectedDestination.number,
    ).toBe('+4930123456');
  });

  it('marks an emergency call a phone placed in the call log, and finds it with the filter', async () => {
    const astrid = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Astrid Lind');
    const sipPassword = 'emergency-test-password';
    expect(
      (await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/users/${astrid.id}`, { sipPassword })).status,
    ).toBe(200);
    // The demo has no trunk: the switch answers 503, and still logs the emergency call it could not place.
    const phone = await runSipp({
      scenario: 'uac-call-refused.xml',
      port: peerPort(),
      remotePort: vaxel.sipPort,
      service: '112',
      username: astrid.sipUsername,
      password: sipPassword,
      keys: { caller: astrid.sipUsername, rtpport: String(peerPort()) },
    });
    expect(phone.code, phone.output + phone.errors).toBe(0);
    expect(phone.logs).toContain('status:503');

    await page.getByRole('link', { name: 'Call log' }).click();
    const table = page.getByRole('table', { name: 'Call log' });
    await table.getByText('Emergency call').waitFor();
    await pick(page, 'Emergency calls', 'No emergency calls');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No calls match the filters.').waitFor();
    await pick(page, 'Emergency calls', 'Only emergency calls');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table.getByText('Emergency call').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.getByRole('row').nth(1).textContent()).toContain('→ 112');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('speaks Swedish: Utgående samtal, Nödnummer i Sverige, Gränser', async () => {
    const swedish = await newPage(browser, vaxel.baseUrl, 'sv');
    await swedish.goto('/login');
    await swedish.getByRole('textbox', { name: 'E-post' }).fill('admin@demo.example');
    await swedish.getByRole('textbox', { name: 'Lösenord' }).fill('correct-horse-battery');
    await swedish.getByRole('button', { name: 'Logga in' }).click();
    await swedish.getByRole('link', { name: 'Utgående samtal' }).click();
    await swedish.getByRole('heading', { name: 'Utgående samtal' }).waitFor();
    await swedish.getByText('Nödnummer i Sverige:').waitFor();
    await expect
      .poll(() => swedish.getByRole('switch', { name: 'Tillåt samtal till utlandet' }).isChecked())
      .toBe(true);
    await swedish.getByText('Tyskland (+49)').waitFor();
    const limits = swedish.getByRole('region', { name: 'Gränser' });
    expect(await limits.getByRole('textbox', { name: 'Utgående samtal samtidigt' }).inputValue()).toBe('4');
    expect(await limits.getByRole('textbox', { name: 'Inom sekunder' }).inputValue()).toBe('120');
    expect(await seriousA11yViolations(swedish)).toEqual([]);
    await swedish.context().close();
  });

  const since = '2026-12-02T03:14:00.000Z';
  const bannerText =
    'International calls are blocked since 02/12/2026, 04:14 after 3 calls in 120 s — a possible toll-fraud attack.';

  it('shows a user without phone_system the block of international calls, without the button to lift it', async () => {
    // The switch sets a block after a spike; here it is put in the store as the switch would.
    store = openStore({ url: `sqlite:${join(vaxel.dataDir, 'vaxel.db')}` });
    await store.outboundBlocks.set({
      organisationId: api.orgId,
      scope: 'international',
      reason: 'international_spike',
      since,
      calls: 3,
      seconds: 120,
    });
    expect(
      (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/outbound-block`)).json.block,
    ).toMatchObject({ since, calls: 3 });

    const invited = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/users`, {
      name: 'Vera Vanlig',
      email: 'vera@demo.example',
      extension: '231',
    });
    expect(invited.status).toBe(201);
    const password = 'a long member password';
    const accepted = await fetch(`${vaxel.baseUrl}/api/v1/auth/invitations/${invited.json.invitation.token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
    expect(accepted.status).toBe(200);
    const member = await newPage(browser, vaxel.baseUrl);
    await login(member, { email: 'vera@demo.example', password });
    const banner = member.getByTestId('outbound-block-banner');
    await banner.getByText(bannerText).waitFor();
    await banner.getByText('Ask an administrator of the phone system to lift the block.').waitFor();
    expect(await banner.getByRole('button').count()).toBe(0);
    expect(await seriousA11yViolations(member)).toEqual([]);
    await member.context().close();
  });

  it('shows the block on another page, and the admin lifts it there; the audit log has the lift', async () => {
    await page.goto(`/o/${api.orgId}/call-routing`);
    await page.getByRole('heading', { name: 'Call routing', exact: true }).waitFor();
    const banner = page.getByTestId('outbound-block-banner');
    // Stockholm time (CET) in December: 03:14 UTC is 04:14.
    await banner.getByText(bannerText).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'outbound-block-banner');

    await banner.getByRole('button', { name: 'Lift the block' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lift the block on international calls?' });
    await dialog.getByRole('button', { name: 'Lift the block' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await store!.outboundBlocks.get(api.orgId)).toBeNull();
    expect((await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/outbound-block`)).json).toEqual({
      block: null,
    });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const lift = page
      .getByRole('table', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: 'Block on international calls' });
    await lift.waitFor();
    const cells = await lift.getByRole('cell').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['Demo Adminadmin@demo.example', '127.0.0.1', 'Deleted']);
    // Still gone after a full load of another page, once the console has read the block again.
    const blockRead = page.waitForResponse(
      (response) => response.url().endsWith(`/orgs/${api.orgId}/outbound-block`) && response.status() === 200,
    );
    await page.goto(`/o/${api.orgId}/users`);
    expect(await (await blockRead).json()).toEqual({ block: null });
    await page.getByRole('heading', { name: 'Users and teams' }).waitFor();
    expect(await page.getByTestId('outbound-block-banner').count()).toBe(0);
  });
});
