import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

/** The article's "Samtalsstyrning": defaults apply to unchanged users; users who changed a setting keep theirs. */
describe('Call routing in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    browser = await launchBrowser(makeSpeechWav('Hej'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
    await page.getByRole('link', { name: 'Call routing' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  const routingOf = async (name: string) => {
    const user = await userByName(vaxel.baseUrl, api.token, api.orgId, name);
    return (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/users/${user.id}/routing`)).json;
  };

  it('a user sets their own ring time, then a changed default reaches everyone else but not them', async () => {
    const users = page.getByRole('region', { name: 'Users’ own settings' });
    await pick(page, 'User', 'Astrid Lind (101)', users);
    await users.getByRole('group', { name: 'Online phones' }).getByText('none registered').waitFor();
    const ringTime = users.getByTestId('user-routing-ringSeconds');
    await ringTime.getByRole('switch', { name: 'Follow default: Ring time (seconds)' }).uncheck();
    await ringTime.getByRole('textbox', { name: 'Astrid Lind: Ring time (seconds)' }).fill('40');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await users.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();

    const unanswered = page.getByRole('region', { name: 'Unanswered calls' });
    await unanswered.getByRole('textbox', { name: 'Ring time (seconds)' }).fill('15');
    await unanswered.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json.ringSeconds,
      )
      .toBe(15);

    const astrid = await routingOf('Astrid Lind');
    const erik = await routingOf('Erik Berg');
    expect(astrid.effective.ringSeconds).toBe(40);
    expect(astrid.followsDefault).not.toContain('ringSeconds');
    expect(erik.effective.ringSeconds).toBe(15);
    expect(erik.followsDefault).toContain('ringSeconds');

    // Switching back to "follow default" gives Astrid the organisation's value again.
    await ringTime.getByRole('switch', { name: 'Follow default: Ring time (seconds)' }).check();
    await users.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await routingOf('Astrid Lind')).effective.ringSeconds).toBe(15);
  });

  it('forwards unanswered calls to a mobile typed the national way, saved as E.164', async () => {
    const unanswered = page.getByRole('region', { name: 'Unanswered calls' });
    await pick(page, 'Then', 'External number', unanswered);
    const number = unanswered.getByRole('textbox', { name: 'Then: External number' });
    await number.fill('070-123 45 67');
    await unanswered.getByText('Saved as +46701234567').waitFor();
    await number.blur();
    await expect.poll(() => number.inputValue()).toBe('+46701234567');
    await unanswered.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json
            .unansweredDestination,
      )
      .toEqual({ type: 'externalNumber', number: '+46701234567' });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('sets what happens to calls to unassigned numbers, rejected calls and the caller ID type', async () => {
    const unassigned = page.getByRole('region', { name: 'Calls to unassigned numbers' });
    await pick(page, 'What happens', 'Play a message', unassigned);
    await unassigned
      .getByRole('textbox', { name: 'Play a message: Text to speak' })
      .fill('Numret du ringt är inte i bruk.');
    await unassigned.getByRole('button', { name: 'Save' }).click();

    const rejected = page.getByRole('region', { name: 'Rejected calls' });
    await pick(page, 'Rejected calls go to', 'Voicemail', rejected);
    await rejected.getByRole('button', { name: 'Save' }).click();

    const callerId = page.getByRole('region', { name: 'Caller ID' });
    await callerId.getByRole('radio', { name: 'Mobile' }).check();
    await callerId.getByRole('button', { name: 'Save' }).click();

    await expect
      .poll(async () => (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json)
      .toMatchObject({
        unassignedNumbers: { action: 'playMessage', prompt: { type: 'tts', text: 'Numret du ringt är inte i bruk.' } },
        rejectedDestination: { type: 'voicemail' },
        callerIdType: 'mobile',
      });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'call-routing');
  });
});
