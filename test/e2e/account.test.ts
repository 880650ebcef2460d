import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  operatorToken,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * A person's account in the console: invited by an admin, choosing their own password on the
 * invitation page (in Swedish), then on their account page (in English) changing it, seeing
 * their sessions, logging one out and logging out everywhere; and a forgotten password reset.
 */
describe('Accounts in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let admin: Page;
  let maja: Page;
  let api: { token: string; orgId: string };
  let invitationUrl: string;
  const majaPassword = 'vintersol över fjället';

  const loginViaApi = async (email: string, password: string, userAgent: string) => {
    const res = await fetch(`${vaxel.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ email, password }),
    });
    return { status: res.status, token: res.status === 200 ? ((await res.json()) as { token: string }).token : '' };
  };
  const meStatus = async (token: string) => (await apiAs(vaxel.baseUrl, token, 'GET', '/me')).status;

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    browser = await launchBrowser(makeSpeechWav('Hej'));
    admin = await newPage(browser, vaxel.baseUrl);
    await login(admin);
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it('shows the admin the invitation link once, with a copy button, and the user as invitation pending', async () => {
    await admin.getByRole('link', { name: 'Users and teams' }).click();
    await admin.getByRole('button', { name: 'Add user' }).click();
    const form = admin.getByRole('region', { name: 'Add user' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Maja Nyström');
    await form.getByRole('textbox', { name: 'Email' }).fill('maja@demo.example');
    await form.getByRole('textbox', { name: 'Extension' }).fill('130');
    expect(await form.getByRole('textbox', { name: /SIP username|Console password/ }).count()).toBe(0);
    await form.getByRole('button', { name: 'Create' }).click();

    const link = admin.getByRole('textbox', { name: 'Invitation link for Maja Nyström' });
    invitationUrl = await link.inputValue();
    expect(invitationUrl).toMatch(/^http:\/\/localhost:\d+\/invitation\/[A-Za-z0-9_-]{43}$/);
    await admin.getByRole('button', { name: 'Copy link' }).waitFor();
    await admin.getByText('Nothing was e-mailed: copy the link and send it to maja@demo.example.').waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'invitation-link');
    await admin.getByRole('button', { name: 'Done' }).click();
    await admin
      .getByRole('button', { name: /Maja Nyström/ })
      .getByText('Invitation pending')
      .waitFor();
    expect(await userByName(vaxel.baseUrl, api.token, api.orgId, 'Maja Nyström')).toMatchObject({
      status: 'pending',
      sipUsername: expect.stringMatching(/^[a-z0-9]{10}$/),
    });
  });

  it('lets the invited person choose their own password in Swedish, refusing a common one with the reason', async () => {
    maja = await newPage(browser, vaxel.baseUrl, 'sv');
    // The console is served on this test's own port; the link names the configured public address.
    await maja.goto(new URL(invitationUrl).pathname);
    await maja.getByRole('heading', { name: 'Inbjudan till Demo AB' }).waitFor();
    await maja.getByText('Välj lösenordet till ditt Växel-konto.', { exact: false }).waitFor();
    const password = maja.getByLabel('Välj ett lösenord');
    await password.fill('password1234');
    await maja.getByRole('button', { name: 'Tacka ja till inbjudan' }).click();
    await maja
      .getByText('För vanligt: det finns på en lista över lösenord som angripare provar först.', { exact: false })
      .waitFor();
    expect(await seriousA11yViolations(maja)).toEqual([]);
    await screenshot(maja, 'invitation-page');

    await password.fill(majaPassword);
    await maja.getByRole('button', { name: 'Tacka ja till inbjudan' }).click();
    await maja.getByRole('heading', { name: 'Du behöver behörigheten telefonisystem' }).waitFor();
    await expect
      .poll(async () => (await userByName(vaxel.baseUrl, api.token, api.orgId, 'Maja Nyström')).status)
      .toBe('active');
    await maja.goto(new URL(invitationUrl).pathname);
    await maja.getByText('Inbjudningslänken fungerar inte', { exact: false }).waitFor();
  });

  it('shows the person their sessions on the account page and logs another one out', async () => {
    const phone = await loginViaApi('maja@demo.example', majaPassword, 'Majas telefonapp');
    expect(phone.status).toBe(200);
    await maja.goto('/');
    await maja.getByText('English', { exact: true }).click();
    await maja.getByRole('button', { name: 'Account menu for Maja Nyström' }).click();
    await maja.getByRole('menuitem', { name: 'Your account' }).click();
    await maja.getByRole('heading', { name: 'Your account' }).waitFor();
    const sessions = maja.getByRole('region', { name: 'Sessions' });
    await expect.poll(() => sessions.getByTestId('session').count()).toBe(2);
    await sessions.getByText('This session').waitFor();
    expect(await seriousA11yViolations(maja)).toEqual([]);
    await screenshot(maja, 'account');

    await sessions.getByRole('button', { name: 'Log out the session from Majas telefonapp' }).click();
    await expect.poll(() => sessions.getByTestId('session').count()).toBe(1);
    expect(await meStatus(phone.token)).toBe(401);
  });

  it('changes the password with the current one, ending the other sessions', async () => {
    const other = await loginViaApi('maja@demo.example', majaPassword, 'Another browser');
    const form = maja.getByRole('region', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password').fill('sommarregn på taket');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is not your current password').waitFor();

    await form.getByLabel('Current password').fill(majaPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await maja.getByText('Password changed. Your other sessions were logged out.').waitFor();
    expect(await meStatus(other.token)).toBe(401);
    expect((await loginViaApi('maja@demo.example', majaPassword, 'x')).status).toBe(401);
    await expect.poll(() => maja.getByRole('region', { name: 'Sessions' }).getByTestId('session').count()).toBe(1);
  });

  it('logs out everywhere, this browser too', async () => {
    const other = await loginViaApi('maja@demo.example', 'sommarregn på taket', 'A third browser');
    expect(other.status).toBe(200);
    await maja.getByRole('button', { name: 'Log out everywhere' }).click();
    await maja.getByRole('dialog').getByRole('button', { name: 'Log out everywhere' }).click();
    await maja.waitForURL(/\/login$/);
    expect(await meStatus(other.token)).toBe(401);
    expect(await maja.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
  });

  it('resets a forgotten password with a link from the operator, then logs in with the new one', async () => {
    await maja.getByRole('link', { name: 'Forgot your password?' }).click();
    await maja.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await maja.getByRole('textbox', { name: 'Email' }).fill('maja@demo.example');
    await maja.getByRole('button', { name: 'Send the link' }).click();
    await maja.getByText('If maja@demo.example has a Växel account, a link is on its way.', { exact: false }).waitFor();

    // Without e-mail the operator hands the link over.
    const link = await apiAs(vaxel.baseUrl, operatorToken, 'POST', '/operator/accounts/password-reset', {
      email: 'maja@demo.example',
    });
    expect(link.status).toBe(201);
    await maja.goto(new URL(link.json.url).pathname);
    // This browser starts every page in Swedish (newPage's init script).
    await maja.getByRole('heading', { name: 'Välj ett nytt lösenord' }).waitFor();
    await maja.getByText('English', { exact: true }).click();
    await maja.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await maja.getByLabel('New password').fill('höstlöv i parken');
    await maja.getByRole('button', { name: 'Save the new password' }).click();
    await maja.getByText('Your password is changed and every session was logged out.', { exact: false }).waitFor();
    expect(await seriousA11yViolations(maja)).toEqual([]);
    await maja.getByRole('link', { name: 'Log in' }).click();
    await maja.getByRole('textbox', { name: 'Email' }).fill('maja@demo.example');
    await maja.getByRole('textbox', { name: 'Password' }).fill('höstlöv i parken');
    await maja.getByRole('button', { name: 'Log in' }).click();
    await maja.getByRole('heading', { name: 'You need the phone system permission' }).waitFor();
  });
});
