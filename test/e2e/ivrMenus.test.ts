import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  apiAs,
  createGroupViaApi,
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

/** The article's "Knappvalsmenyer (IVR)": ADD with a TTS prompt, key map, opening hours, advanced settings. */
describe('IVR menus in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };
  let group: any;

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    group = await createGroupViaApi(vaxel.baseUrl, api.token, api.orgId, 'Customer Care', '11');
    browser = await launchBrowser(makeSpeechWav('Hej'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it('creates an IVR menu with a spoken prompt, a key map, opening hours and advanced settings', async () => {
    await page.getByRole('link', { name: 'IVR menus' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New IVR menu' });

    await form.getByRole('textbox', { name: 'Name' }).fill('Main IVR Company X');
    await form.getByRole('combobox', { name: 'Number callers ring' }).click();
    await page.getByRole('option', { name: /^\+46/ }).first().click();
    await expect.poll(() => form.getByRole('combobox', { name: 'Billing ID' }).inputValue()).toMatch(/^\+46/);

    await form
      .getByRole('textbox', { name: 'Message 1: Text to speak' })
      .fill('Välkommen till Företaget X. Tryck 1 för kundtjänst, tryck 2 för Erik.');
    const preview = page.waitForResponse((r) => r.url().endsWith('/tts/preview'));
    await form.getByRole('button', { name: 'Listen: Message 1' }).click();
    const previewResponse = await preview;
    expect(previewResponse.status()).toBe(200);
    expect(previewResponse.headers()['content-type']).toContain('audio/wav');

    await form.getByRole('checkbox', { name: 'Use key 1' }).check();
    await form.getByRole('combobox', { name: 'Key 1', exact: true }).click();
    await page.getByRole('option', { name: 'Response group', exact: true }).click();
    await form.getByRole('combobox', { name: 'Key 1: Response group' }).click();
    await page.getByRole('option', { name: 'Customer Care' }).click();

    await form.getByRole('checkbox', { name: 'Use key 2' }).check();
    await form.getByRole('combobox', { name: 'Key 2', exact: true }).click();
    await page.getByRole('option', { name: 'User', exact: true }).click();
    await form.getByRole('combobox', { name: 'Key 2: User' }).click();
    await page.getByRole('option', { name: 'Erik Berg (102)' }).click();

    await form.getByRole('checkbox', { name: 'Use key 0' }).check();
    await form.getByRole('combobox', { name: 'Key 0', exact: true }).click();
    await page.getByRole('option', { name: 'Repeat the menu' }).click();

    await form.getByRole('checkbox', { name: 'Opening hours: Always open' }).uncheck();
    await form.getByRole('textbox', { name: 'Friday 1: Closes' }).fill('15:00');

    await form.getByRole('button', { name: 'Advanced settings (optional)' }).click();
    await form.getByRole('textbox', { name: 'Retries' }).fill('3');

    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Main IVR Company X/ }).waitFor();

    const erik = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Erik Berg');
    const [menu] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/ivr-menus`)).json;
    expect(menu.name).toBe('Main IVR Company X');
    expect(menu.billingNumber).toBe(menu.number);
    expect(menu.prompts).toEqual([
      { type: 'tts', text: 'Välkommen till Företaget X. Tryck 1 för kundtjänst, tryck 2 för Erik.', language: 'sv-SE' },
    ]);
    expect(menu.keys).toEqual({
      '0': { type: 'repeatMenu' },
      '1': { type: 'responseGroup', responseGroupId: group.id },
      '2': { type: 'user', userId: erik.id },
    });
    expect(menu.openingHours.openPeriods).toContainEqual({ day: 'fri', open: '08:00', close: '15:00' });
    expect(menu.advanced.maxRetries).toBe(3);
    await screenshot(page, 'ivr-menu-created');
  });

  it('edits the menu: expand, change, save', async () => {
    const panel = page.getByRole('region', { name: /Main IVR Company X/ });
    await panel.getByRole('checkbox', { name: 'Use key #' }).check();
    await panel.getByRole('combobox', { name: 'Key #', exact: true }).click();
    await page.getByRole('option', { name: 'Hang up', exact: true }).click();
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    const [menu] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/ivr-menus`)).json;
    expect(menu.keys['#']).toEqual({ type: 'hangup' });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('refuses to delete a menu another menu points to, saying which', async () => {
    const [main] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/ivr-menus`)).json;
    const front = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/ivr-menus`, {
      name: 'Front desk',
      number: null,
      prompts: [{ type: 'tts', text: 'Tryck 9 för huvudmenyn.', language: 'sv-SE' }],
      keys: { '9': { type: 'ivrMenu', ivrMenuId: main.id } },
    });
    expect(front.status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: /Main IVR Company X/ }).click();
    const panel = page.getByRole('region', { name: /Main IVR Company X/ });
    await panel.getByRole('button', { name: 'Delete IVR menu' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const refusal = panel.getByRole('alert').filter({ hasText: 'Front desk' });
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-problem-code')).toBe('in_use');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('on Light, a third menu is refused until one more is bought', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New IVR menu' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Evening menu');
    await form.getByRole('textbox', { name: 'Message 1: Text to speak' }).fill('God kväll.');
    await form.getByRole('button', { name: 'Create' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-problem-code')).toBe('quota_exceeded');

    await page.getByRole('button', { name: /Buy more IVR menus/ }).click();
    await page.getByRole('button', { name: 'Buy', exact: true }).click();
    await page.getByRole('dialog', { name: 'Confirm purchase' }).getByRole('button', { name: 'Yes' }).click();
    await page.getByRole('table', { name: 'Next invoice' }).getByRole('cell', { name: 'IVR menu' }).waitFor();
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Evening menu/ }).waitFor();
    const subscription = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/subscription`)).json;
    expect(subscription.allowances.find((a: any) => a.item === 'ivrMenu')).toMatchObject({
      included: 2,
      purchased: 1,
      used: 3,
    });
  });
});
