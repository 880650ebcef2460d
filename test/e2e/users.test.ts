import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/** Users and teams (R3), and what follows from them: only pro users are offered as supervisors (R12). */
describe('Users and teams in the console', () => {
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
    await page.getByRole('link', { name: 'Users and teams' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it('adds a user with the phone system permission and a team', async () => {
    await page.getByRole('button', { name: 'Add user' }).click();
    const form = page.getByRole('region', { name: 'Add user' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Lena Ström');
    await form.getByRole('textbox', { name: 'Email' }).fill('lena@demo.example');
    await form.getByRole('switch', { name: /Phone system permission/ }).check();
    await form.getByRole('textbox', { name: 'Extension' }).fill('120');
    await form.getByRole('textbox', { name: 'SIP password' }).fill('sip-secret-123456');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Invitation link for Lena Ström' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: /Lena Ström/ }).waitFor();
    const lena = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Lena Ström');
    expect(lena).toMatchObject({
      extension: '120',
      permissions: ['phone_system'],
      licence: 'basic',
      hasSipPassword: true,
      status: 'pending',
    });

    // Växel made the SIP username; the editor shows it beside the SIP password.
    await page.getByRole('button', { name: /Lena Ström/ }).click();
    const editor = page.getByRole('region', { name: /Lena Ström/ });
    expect(await editor.getByRole('textbox', { name: 'SIP username (Lena Ström)' }).inputValue()).toBe(
      lena.sipUsername,
    );
    await editor.getByRole('button', { name: 'Send a new invitation' }).click();
    await editor.getByRole('textbox', { name: 'Invitation link for Lena Ström' }).waitFor();
    await editor.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: /Lena Ström/ }).click();

    await page.getByRole('button', { name: 'Add team' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).last().fill('Evening shift');
    await page.getByRole('combobox', { name: 'Members', exact: true }).click();
    await page.getByRole('option', { name: 'Lena Ström' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Teams' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: /Evening shift/ }).waitFor();
    const teams = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/teams`)).json as any[];
    expect(teams.find((t) => t.name === 'Evening shift').memberIds).toEqual([lena.id]);
  });

  it('makes a basic user pro, and then offers them as a response group supervisor', async () => {
    await page.getByRole('button', { name: /Erik Berg/ }).click();
    const erik = page.getByRole('region', { name: /Erik Berg/ });
    await erik.getByText('Pro', { exact: true }).click();
    await erik.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await userByName(vaxel.baseUrl, api.token, api.orgId, 'Erik Berg')).licence)
      .toBe('pro');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'users');

    await page.getByRole('link', { name: 'Response groups' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('combobox', { name: 'Supervisors' }).click();
    await page.getByRole('option', { name: 'Erik Berg (pro)' }).waitFor();
    const users = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/users`)).json as any[];
    const offered = await page.getByRole('option').allTextContents();
    expect(offered.sort()).toEqual(
      users
        .filter((u) => u.licence === 'pro')
        .map((u) => `${u.name} (pro)`)
        .sort(),
    );
  });
});
