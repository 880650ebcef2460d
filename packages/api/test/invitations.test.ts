import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/index.ts';
import { startMailbox, type Mailbox } from './support/mailbox.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/** Invitations as the admin, the invited person and the mail server see them. */
let mailbox: Mailbox;
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  mailbox = await startMailbox();
  h = await startHarness({ smtpUrl: mailbox.url, publicUrl: 'https://pbx.example.test' });
  o = await h.organisation({ name: 'Inbjudan AB' });
});
afterAll(async () => {
  await h.close();
  await mailbox.close();
});

let n = 0;
const invite = (extra: Record<string, unknown> = {}) => {
  n += 1;
  return o.req('POST', '/users', {
    name: `Person ${n}`,
    email: `person${n}@invited.test`,
    extension: `${400 + n}`,
    ...extra,
  });
};
const details = (token: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}`, headers });

describe('adding a user', () => {
  it('makes a pending user and an invitation link shown once, stored only as its SHA-256', async () => {
    const res = await invite();
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'pending',
      invitationExpiresAt: body.invitation.expiresAt,
      sipUsername: expect.stringMatching(/^[a-z0-9]{10}$/),
    });
    expect(body.invitation.url).toBe(`https://pbx.example.test/invitation/${body.invitation.token}`);
    const stored = await h.store.invitations.getByTokenHash(hashToken(body.invitation.token));
    expect(stored).toMatchObject({ userId: body.id, organisationId: o.org.id });
    expect(JSON.stringify(stored)).not.toContain(body.invitation.token);
    expect(JSON.stringify((await o.req('GET', `/users/${body.id}`)).json())).not.toContain(body.invitation.token);
  });

  it('e-mails the person the link in the organisation’s language', async () => {
    const res = await invite();
    expect(res.json().invitation.emailed).toBe(true);
    const mail = await mailbox.next(res.json().email);
    expect(mail.from).toBe('noreply@vaxel.test');
    expect(mail.subject).toBe('Inbjudan till Inbjudan AB i Växel');
    expect(mail.text).toContain(res.json().invitation.url);
    expect(mail.text).toContain(`har bjudit in dig till Inbjudan AB`);
  });

  it('still hands the admin the link when the mail server cannot be reached', async () => {
    const unreachable = await startHarness({ smtpUrl: 'smtp://127.0.0.1:1' });
    try {
      const org = await unreachable.organisation();
      const res = await org.req('POST', '/users', { name: 'No Mail', email: 'nomail@invited.test', extension: '499' });
      expect(res.statusCode).toBe(201);
      expect(res.json().invitation).toMatchObject({ token: expect.any(String), emailed: false });
    } finally {
      await unreachable.close();
    }
  });

  it('reports the invitation as a security event, by the admin, without the token', async () => {
    const from = h.events.length;
    const res = await invite();
    const admin = await h.store.accounts.getByEmail(o.adminEmail);
    const event = h.events.slice(from).find((e) => e.type === 'invitation_created');
    expect(event).toMatchObject({
      email: res.json().email,
      actorAccountId: admin!.id,
      organisationIds: [o.org.id],
      detail: { emailed: true },
    });
    expect(JSON.stringify(h.events)).not.toContain(res.json().invitation.token);
  });
});

describe('accepting as a new person', () => {
  it('shows what the link is for, and chooses a password the policy accepts, with a reason for each refusal', async () => {
    const res = await invite();
    const token = res.json().invitation.token;
    expect((await details(token)).json()).toEqual({
      organisationName: 'Inbjudan AB',
      name: res.json().name,
      email: res.json().email,
      expiresAt: res.json().invitation.expiresAt,
      account: 'new',
      signedIn: false,
    });
    const refusals = [];
    for (const password of ['too short', 'passwordpassword', res.json().email, 'abcabcabcabc']) {
      const refused = await h.acceptInvitation(token, { password });
      expect(refused.statusCode).toBe(400);
      refusals.push(refused.json().errors[0].code);
    }
    expect(refusals).toEqual(['password_too_short', 'password_common', 'password_email', 'password_repetitive']);

    const accepted = await h.acceptInvitation(token, { password: 'my own chosen passphrase' });
    expect(accepted.statusCode).toBe(200);
    expect(String(accepted.headers['set-cookie'])).toContain('vaxel_session=');
    expect(accepted.json().me.organisations).toEqual([
      expect.objectContaining({ organisationId: o.org.id, permissions: [] }),
    ]);
    expect((await h.login(res.json().email, 'my own chosen passphrase')).statusCode).toBe(200);
    expect((await o.req('GET', `/users/${res.json().id}`)).json()).toMatchObject({
      status: 'active',
      invitationExpiresAt: null,
    });
  });

  it('reports the acceptance and the login it opens', async () => {
    const res = await invite();
    const from = h.events.length;
    await h.acceptInvitation(res.json().invitation.token, { password: 'another chosen passphrase' });
    const events = h.events.slice(from);
    expect(events.map((e) => e.type)).toEqual(['invitation_accepted', 'login_succeeded']);
    expect(events[0]).toMatchObject({
      email: res.json().email,
      organisationIds: [o.org.id],
      detail: { accountCreated: true },
    });
    expect(JSON.stringify(events)).not.toContain('another chosen passphrase');
  });
});

describe('a pending user', () => {
  it('cannot use the organisation: an existing account sees no membership until it accepts', async () => {
    const elsewhere = await h.organisation({ name: 'Elsewhere AB' });
    const res = await invite({ email: elsewhere.adminEmail });
    expect(res.json().status).toBe('pending');
    const me = (await h.as(elsewhere.adminToken, 'GET', '/api/v1/me')).json();
    expect(me.organisations.map((m: { organisationId: string }) => m.organisationId)).toEqual([elsewhere.org.id]);
    expect((await h.as(elsewhere.adminToken, 'GET', `/api/v1/orgs/${o.org.id}`)).statusCode).toBe(404);
    expect(
      (await details(res.json().invitation.token, { authorization: `Bearer ${elsewhere.adminToken}` })).json(),
    ).toMatchObject({ account: 'existing', signedIn: true });
  });

  it('gets a new link on "send a new invitation"; the old one stops working, and an accepted user gets none', async () => {
    const res = await invite();
    const renewed = await o.req('POST', `/users/${res.json().id}/invitation`);
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().token).not.toBe(res.json().invitation.token);
    expect((await details(res.json().invitation.token)).statusCode).toBe(404);
    expect((await details(renewed.json().token)).statusCode).toBe(200);
    await h.acceptInvitation(renewed.json().token, { password: 'accepted the second one' });
    const again = await o.req('POST', `/users/${res.json().id}/invitation`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invitation_accepted');
  });

  it('is what a user becomes when their email changes: the previous person loses access at once', async () => {
    const member = await o.member();
    expect((await h.as(member.token, 'GET', `/api/v1/orgs/${o.org.id}`)).statusCode).toBe(200);
    const changed = await o.req('PATCH', `/users/${member.user.id}`, { email: 'successor@invited.test' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      email: 'successor@invited.test',
      status: 'pending',
      invitation: { token: expect.any(String) },
    });
    expect((await h.as(member.token, 'GET', `/api/v1/orgs/${o.org.id}`)).statusCode).toBe(404);
    const renamed = await o.req('PATCH', `/users/${member.user.id}`, { name: 'Successor' });
    expect(renamed.json().invitation).toBeUndefined();
  });
});
