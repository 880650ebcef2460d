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
  pick,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  type Vaxel,
} from './harness.ts';

/** The article's "Visningsnummer": grant a number to a team, group-number toggles, and the refused delete. */
describe('Display numbers in the console', () => {
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
    await page.getByRole('link', { name: 'Display numbers' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  const displayNumbers = async () =>
    (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/display-numbers`)).json as any[];

  it('makes a number usable as caller ID by a team: add, choose number, choose team, save', async () => {
    const teams = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/teams`)).json as any[];
    const support = teams.find((t) => t.name === 'Support');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New display number' });
    await pick(page, 'Number', '+46812345009', form);
    await form.getByRole('combobox', { name: 'Teams' }).click();
    await page.getByRole('option', { name: 'Support' }).click();
    await page.keyboard.press('Escape');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: /\+46812345009/ }).waitFor();
    const [display] = await displayNumbers();
    expect(display).toMatchObject({ number: '+46812345009', teamIds: [support.id], userIds: [] });
  });

  it('grants the response group number to all the group agents, and refuses to delete it', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New display number' });
    await pick(page, 'Number', new RegExp(group.number.replace('+', '\\+')), form);
    await form.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('button', { name: new RegExp(group.number.replace('+', '\\+')) }).click();
    const panel = page.getByRole('region', { name: new RegExp(group.number.replace('+', '\\+')) });
    await panel.getByText('Number of response group “Customer Care”').waitFor();
    await panel.getByRole('switch', { name: 'All agents of the group' }).check();
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await displayNumbers()).find((d) => d.number === group.number))
      .toMatchObject({ responseGroupId: group.id, grantToGroupAgents: true, grantToGroupSupervisors: false });

    await panel.getByRole('button', { name: 'Delete display number' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-problem-code')).toBe('group_number');
    expect((await displayNumbers()).map((d) => d.number)).toContain(group.number);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'display-number-group');
  });

  it('deletes a display number: the right to show it goes, the number stays the organisation’s', async () => {
    await page.getByRole('button', { name: /\+46812345009/ }).click();
    const panel = page.getByRole('region', { name: /\+46812345009/ });
    await panel.getByRole('button', { name: 'Delete display number' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await expect.poll(async () => (await displayNumbers()).map((d) => d.number)).not.toContain('+46812345009');
    const numbers = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/numbers`)).json as any[];
    expect(numbers.map((n) => n.number)).toContain('+46812345009');
  });
});
