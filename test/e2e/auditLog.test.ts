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

/** The audit log in the console: a change made on one screen shows up on the audit log with its old and new value. */
describe('The audit log in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    await createGroupViaApi(vaxel.baseUrl, api.token, api.orgId, 'Front Desk', '7');
    browser = await launchBrowser(makeSpeechWav('Hej'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it("shows a group's new name beside its old one, by the admin who changed it, from their address", async () => {
    await page.getByRole('link', { name: 'Response groups' }).click();
    await page.getByRole('button', { name: /Front Desk/ }).click();
    const group = page.getByRole('region', { name: /Front Desk/ });
    await group.getByRole('textbox', { name: 'Name', exact: true }).fill('Reception');
    await group.getByRole('button', { name: 'Save' }).first().click();
    await page.getByRole('button', { name: /Reception/ }).waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log' });
    const change = table.getByRole('row').filter({ hasText: 'name Front Desk → Reception' });
    await change.waitFor();
    const cells = await change.getByRole('cell').allTextContents();
    expect(cells.slice(1, 5)).toEqual([
      'Demo Adminadmin@demo.example',
      '127.0.0.1',
      'Changed',
      'Response groupReception',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'audit-log');
  });

  it("narrows the log to one object's history, and to one kind of object such as the accounts' logins", async () => {
    await page.getByRole('button', { name: 'History of Reception' }).first().click();
    await page.getByText('Showing the history of one object.').waitFor();
    const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(
      (await rows.allTextContents())
        .slice(1)
        .map((text) => (text.includes('Changed') ? 'Changed' : text.includes('Created') ? 'Created' : text)),
    ).toEqual(['Changed', 'Created']);

    // Logins are security events of the account: the admin logged in through the API and the console.
    await page.getByRole('button', { name: 'Show all objects' }).click();
    await pick(page, 'Object type', 'Account');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(async () => (await rows.allTextContents()).slice(1).filter((text) => text.includes('Logged in')).length)
      .toBeGreaterThanOrEqual(2);
    expect((await rows.allTextContents()).slice(1).every((text) => text.includes('Account'))).toBe(true);
  });

  it('is called Ändringslogg in Swedish', async () => {
    const swedish = await newPage(browser, vaxel.baseUrl, 'sv');
    await swedish.goto('/login');
    await swedish.getByRole('textbox', { name: 'E-post' }).fill('admin@demo.example');
    await swedish.getByRole('textbox', { name: 'Lösenord' }).fill('correct-horse-battery');
    await swedish.getByRole('button', { name: 'Logga in' }).click();
    await swedish.getByRole('link', { name: 'Ändringslogg' }).click();
    await swedish.getByRole('heading', { name: 'Ändringslogg' }).waitFor();
    await swedish
      .getByRole('table', { name: 'Ändringslogg' })
      .getByRole('row')
      .filter({ hasText: 'name Front Desk → Reception' })
      .waitFor();
    expect(await swedish.getByRole('table', { name: 'Ändringslogg' }).getByText('Ändrade').count()).toBeGreaterThan(0);
    await swedish.context().close();
  });

  it('shows fifty entries at a time and the next ones on "Load more"', async () => {
    const team = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/teams`, { name: 'Rename 0' });
    for (let i = 1; i <= 55; i++)
      expect(
        (
          await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/teams/${team.json.id}`, {
            name: `Rename ${i}`,
          })
        ).status,
      ).toBe(200);
    await page.goto(`/o/${api.orgId}/audit-log`);
    const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(51);
    expect(await rows.nth(1).textContent()).toContain('Rename 54 → Rename 55');
    // The first rename is the 55th entry: on the second page.
    const firstRename = rows.filter({ hasText: 'Rename 0 → Rename 1' });
    expect(await firstRename.count()).toBe(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(51);
    expect(await firstRename.count()).toBe(1);
  });
});
