import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { startMailbox, type Mailbox } from './support/mailbox.ts';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/** A forgotten password: the link by e-mail (SMTP to a server of the test's own) or from the operator. */
const clock = new FakeClock(Date.parse('2026-03-01T09:00:00Z'));
let mailbox: Mailbox;
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  mailbox = await startMailbox();
  h = await startHarness({
    smtpUrl: mailbox.url,
    publicUrl: 'https://pbx.example.test',
    clock: { now: () => new Date(clock.now()) },
    sessionTtlMs: 365 * 24 * 3600_000,
  });
  o = await h.organisation();
});
afterAll(async () => {
  await h.close();
  await mailbox.close();
});

const requestReset = (email: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
const complete = (token: string, password: string) =>
  h.app.inject({ method: 'POST', url: `/api/v1/auth/password-reset/${token}`, payload: { password } });
const tokenOf = (url: string) => url.split('/password-reset/')[1]!;
const isReset = (mail: { text: string }) => mail.text.includes('/password-reset/');

describe('asking for a reset', () => {
  it('answers 202 with the same empty body whether or not the email has an account, and e-mails only the account', async () => {
    const member = await o.member();
    const unknown = await requestReset('nobody-here@reset.test');
    const known = await requestReset(member.user.email.toUpperCase());
    expect([unknown.statusCode, known.statusCode]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    const mail = await mailbox.next(member.user.email, isReset);
    expect(mail.subject).toBe('Nytt lösenord till Växel');
    expect(mail.text).toMatch(/https:\/\/pbx\.example\.test\/password-reset\/[A-Za-z0-9_-]{43}/);
    expect(mailbox.mails.filter((m) => m.to.includes('nobody-here@reset.test'))).toEqual([]);
  });
});

describe('completing a reset', () => {
  it('sets a password that passes the policy, ends every session, and works once', async () => {
    const member = await o.member();
    await requestReset(member.user.email);
    const link = /https:\S+\/password-reset\/\S+/.exec((await mailbox.next(member.user.email, isReset)).text)![0];
    const token = tokenOf(link);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/auth/password-reset/${token}` })).json()).toMatchObject({
      email: member.user.email,
    });

    expect((await complete(token, 'short')).json().errors[0]).toMatchObject({
      path: 'password',
      code: 'password_too_short',
    });
    const from = h.events.length;
    expect((await complete(token, 'a password only I know')).statusCode).toBe(204);
    expect((await h.as(member.token, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await h.login(member.user.email, testPassword)).statusCode).toBe(401);
    expect((await h.login(member.user.email, 'a password only I know')).statusCode).toBe(200);
    expect((await complete(token, 'and once more again')).statusCode).toBe(404);
    expect(h.events.slice(from).map((e) => e.type)).toEqual([
      'password_reset',
      'sessions_revoked',
      'login_failed',
      'login_succeeded',
    ]);
  });
});

describe('the operator’s reset link', () => {
  it('is made for an existing account only, and expires after an hour', async () => {
    expect(
      (await h.operator('POST', '/api/v1/operator/accounts/password-reset', { email: 'nobody-at-all@reset.test' }))
        .statusCode,
    ).toBe(404);
    const member = await o.member();
    const link = await h.operator('POST', '/api/v1/operator/accounts/password-reset', { email: member.user.email });
    expect(link.statusCode).toBe(201);
    expect(link.json()).toMatchObject({
      url: `https://pbx.example.test/password-reset/${link.json().token}`,
      expiresAt: '2026-03-01T10:00:00.000Z',
    });
    clock.advance(3600_000);
    expect((await complete(link.json().token, 'too late for this link')).statusCode).toBe(404);
    expect((await h.login(member.user.email, testPassword)).statusCode).toBe(200);
  });
});
