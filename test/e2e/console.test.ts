import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  admin,
  adminToken,
  apiAs,
  launchBrowser,
  makeSpeechWav,
  operatorToken,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  type Vaxel,
} from './harness.ts';

/**
 * The rest of the console: choosing an organisation (R5), its language as the default and the
 * switch, the call log with filters, CSV and charts (R58–R60), call recording policies (R56), logout.
 */
describe('Console: organisations, language, call log, call recording', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    const second = await apiAs(vaxel.baseUrl, operatorToken, 'POST', '/operator/organisations', {
      name: 'Second AB',
      language: 'en',
      timeZone: 'Europe/London',
      package: 'unlimited',
    });
    expect(second.status).toBe(201);
    const joined = await apiAs(
      vaxel.baseUrl,
      operatorToken,
      'POST',
      `/operator/organisations/${second.json.id}/admins`,
      { name: 'Demo Admin', email: admin.email, password: admin.password },
    );
    expect(joined.status).toBe(201);
    // The account exists: the operator's password is not applied, the admin accepts the invitation as its holder.
    expect(joined.json).toMatchObject({ status: 'pending', accountExists: true });
    const accepted = await apiAs(
      vaxel.baseUrl,
      api.token,
      'POST',
      `/auth/invitations/${joined.json.invitation.token}/accept`,
      {},
    );
    expect(accepted.status).toBe(200);
    browser = await launchBrowser(makeSpeechWav('Hej'));
    // No language stored in this browser: the console follows the organisation's language.
    const context = await browser.newContext({
      baseURL: vaxel.baseUrl,
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it('lets a person in two organisations choose one, in the organisation’s language', async () => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'E-post' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Lösenord' }).fill(admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Välj din organisation' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'organisation-picker');

    await page.getByRole('link', { name: 'Demo AB' }).click();
    await page.getByRole('heading', { name: 'Svarsgrupper' }).waitFor();
    expect(await page.getByTestId('current-org').textContent()).toBe('Demo AB');

    await page.getByRole('link', { name: 'Byt organisation' }).click();
    await page.getByRole('link', { name: 'Second AB' }).click();
    await page.getByRole('heading', { name: 'Response groups' }).waitFor();
    // Unlimited package: nothing to buy.
    await page.getByText('Package: Unlimited').waitFor();
  });

  it('switches the console between Swedish and English', async () => {
    await page.getByText('Svenska', { exact: true }).click();
    await page.getByRole('heading', { name: 'Svarsgrupper' }).waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Response groups' }).waitFor();
    await page.getByRole('link', { name: 'Switch organisation' }).click();
    await page.getByRole('link', { name: 'Demo AB' }).click();
    // The choice made in this browser wins over the organisation's language.
    await page.getByRole('heading', { name: 'Response groups' }).waitFor();
  });

  it('shows the call log with filters, a CSV export and statistics charts', async () => {
    await page.getByRole('link', { name: 'Call log' }).click();
    await page.getByRole('heading', { name: 'Call log' }).waitFor();
    await page.getByRole('combobox', { name: 'Direction' }).click();
    await page.getByRole('option', { name: 'Inbound' }).click();
    await page.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Missed' }).click();
    const search = page.waitForResponse(
      (r) => r.url().includes('/calls?') && r.url().includes('direction=inbound') && r.url().includes('outcome=missed'),
    );
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect((await search).status()).toBe(200);
    await page.getByText('No calls match the filters.').waitFor();

    const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(csvHref).toContain('/calls.csv?');
    expect(csvHref).toContain('direction=inbound');
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href as string);
      return { status: r.status, type: r.headers.get('content-type') };
    }, csvHref);
    expect(csv).toEqual({ status: 200, type: expect.stringContaining('text/csv') });

    await page.getByRole('region', { name: 'Statistics' }).getByText('Wait-time distribution').waitFor();
    const hourly = page.waitForResponse(
      (r) => r.url().includes('/calls/statistics') && r.url().includes('bucket=hour'),
    );
    await page.getByText('Hour', { exact: true }).click();
    expect((await hourly).status()).toBe(200);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'call-log');
  });

  it('sets an organisation-wide recording policy with an announcement and retention', async () => {
    await page.getByRole('link', { name: 'Call recording' }).click();
    await page.getByRole('button', { name: 'Add policy' }).click();
    await page.getByText('Always', { exact: true }).click();
    await page.getByText('Text to speech', { exact: true }).click();
    await page
      .getByRole('textbox', { name: 'Add policy: Announcement to callers: Text to speak' })
      .fill('Samtalet kan komma att spelas in.');
    await page.getByRole('textbox', { name: 'Add policy: Keep recordings (days)' }).fill('30');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Whole organisation/ }).waitFor();
    const [policy] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/recording-policies`)).json;
    expect(policy).toMatchObject({
      scope: { type: 'organisation' },
      mode: 'always',
      retentionDays: 30,
      announcement: { type: 'tts', text: 'Samtalet kan komma att spelas in.' },
    });
    await page.getByText('No recordings yet.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'call-recording');
  });

  it('logs out from the user menu', async () => {
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    expect(me).toBe(401);
  });

  it('can be used with the keyboard alone, and a deep link survives a reload', async () => {
    await page.goto('/login');
    // The email field has focus when the page opens.
    await page.getByRole('textbox', { name: 'Email' }).and(page.locator(':focus')).waitFor();
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose your organisation' }).waitFor();
    await page.getByRole('link', { name: 'Demo AB' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Response groups' }).waitFor();

    await page.getByRole('button', { name: 'Add', exact: true }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('region', { name: 'New response group' });
    await form.getByRole('textbox', { name: 'Name' }).focus();
    await page.keyboard.type('Keyboard Group');
    // The number picker's options arrive from the API: wait for them before choosing one.
    await form.getByText('One of your organisation’s unassigned numbers').waitFor();
    await page.keyboard.press('Tab');
    // Choose the first number with the keyboard. The picker's list can be rebuilt under the keys
    // (the numbers are re-read), which drops the marked option, so choose until a number is taken.
    const numberBox = form.getByRole('combobox', { name: 'Number' });
    const marked = page.locator('[role="option"][data-combobox-selected]');
    await expect
      .poll(async () => {
        if ((await marked.count()) === 0) await page.keyboard.press('ArrowDown');
        if ((await marked.count()) > 0) await page.keyboard.press('Enter');
        return numberBox.inputValue();
      })
      .toMatch(/^\+46/);

    await page.getByRole('link', { name: 'Call log' }).click();
    await page.getByRole('heading', { name: 'Call log' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Call log' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/o\/[^/]+\/calls$/);
  });

  it('sends the person back to the login page when the session ends', async () => {
    await page.context().clearCookies();
    await page.getByRole('link', { name: 'Audio files' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });
});
