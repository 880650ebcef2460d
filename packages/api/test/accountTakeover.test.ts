import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * Regression tests of issue 7's stop-ship defect: an admin of organisation A created a user with
 * a password of A's choosing; when organisation B later got that email (as its admin, or as a
 * user), A's password stayed and A's admin logged in to B with phone_system. A person's account
 * and password are that person's, whichever organisation typed the email first.
 */
let h: Harness;
let a: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  a = await h.organisation({ name: 'Alpha' });
});
afterAll(async () => h.close());

const passwordOfA = 'chosen by the admin of alpha';
const passwordOfB = 'chosen by the operator for bravo';
let seed = 0;
const victimEmail = () => `ceo${++seed}@neworg.test`;

const organisationIds = (res: { json(): { me: { organisations: Array<{ organisationId: string }> } } }) =>
  res.json().me.organisations.map((m) => m.organisationId);

async function bareOrganisation(name: string): Promise<string> {
  const res = await h.operator('POST', '/api/v1/operator/organisations', { name });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** A's admin adds the person; the invitation's token is in A's hands, so A's admin accepts it too. */
async function aInvitesAndAcceptsAsTheVictim(email: string, extension: string): Promise<void> {
  const invited = await a.req('POST', '/users', { name: 'Cecilia CEO', email, extension });
  expect(invited.statusCode).toBe(201);
  expect((await h.acceptInvitation(invited.json().invitation.token, { password: passwordOfA })).statusCode).toBe(200);
}

describe('the pre-account hijack of issue 7', () => {
  it('gives an admin no way to set a person’s password when adding them', async () => {
    const res = await a.req('POST', '/users', {
      name: 'Cecilia CEO',
      email: victimEmail(),
      extension: '150',
      password: passwordOfA,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'password', message: 'unknown field' }]);
    const user = (await a.req('GET', '/users')).json().find((u: { extension: string }) => u.extension === '150');
    expect(user).toBeUndefined();
  });

  it('keeps A’s admin out of B when the operator later makes that email B’s admin with its own password', async () => {
    const email = victimEmail();
    await aInvitesAndAcceptsAsTheVictim(email, '151');
    const bravo = await bareOrganisation('Bravo 1');

    const admin = await h.operator('POST', `/api/v1/operator/organisations/${bravo}/admins`, {
      name: 'Cecilia CEO',
      email,
      password: passwordOfB,
    });
    expect(admin.statusCode).toBe(201);
    expect(admin.json()).toMatchObject({
      status: 'pending',
      accountExists: true,
      invitation: { token: expect.any(String) },
    });

    const withA = await h.login(email, passwordOfA);
    expect(withA.statusCode).toBe(200);
    expect(organisationIds(withA)).toEqual([a.org.id]);
    expect((await h.as(withA.json().token, 'GET', `/api/v1/orgs/${bravo}/users`)).statusCode).toBe(404);
    // The operator's password was never applied to the account.
    expect((await h.login(email, passwordOfB)).statusCode).toBe(401);

    // B's membership waits for the account holder to accept with B's token, which A's admin does not have.
    expect((await h.as(withA.json().token, 'GET', '/api/v1/me')).json().organisations).toHaveLength(1);
    const accepted = await h.acceptInvitation(
      admin.json().invitation.token,
      {},
      { authorization: `Bearer ${withA.json().token}` },
    );
    expect(accepted.statusCode).toBe(200);
    expect(
      accepted
        .json()
        .me.organisations.map((m: { organisationId: string }) => m.organisationId)
        .sort(),
    ).toEqual([a.org.id, bravo].sort());
  });

  it('lets the real owner of the email take the account back with a reset, which logs A’s admin out', async () => {
    const email = victimEmail();
    await aInvitesAndAcceptsAsTheVictim(email, '152');
    const aSession = (await h.login(email, passwordOfA)).json().token;
    const link = await h.operator('POST', '/api/v1/operator/accounts/password-reset', { email });
    expect(link.statusCode).toBe(201);
    const reset = await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/password-reset/${link.json().token}`,
      payload: { password: 'the real ceo chose this' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await h.as(aSession, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await h.login(email, passwordOfA)).statusCode).toBe(401);
    expect((await h.login(email, 'the real ceo chose this')).statusCode).toBe(200);
  });

  it('keeps A’s admin out of B when B’s admin adds that email as a user', async () => {
    const email = victimEmail();
    await aInvitesAndAcceptsAsTheVictim(email, '153');
    const b = await h.organisation({ name: 'Bravo 2' });
    const added = await b.req('POST', '/users', {
      name: 'Cecilia CEO',
      email,
      extension: '153',
      permissions: ['phone_system'],
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().status).toBe('pending');

    const withA = await h.login(email, passwordOfA);
    expect(organisationIds(withA)).toEqual([a.org.id]);
    expect((await h.as(withA.json().token, 'GET', `/api/v1/orgs/${b.org.id}/users`)).statusCode).toBe(404);
    expect((await b.req('GET', `/users/${added.json().id}`)).json().status).toBe('pending');
  });

  it('holds in the reverse order: B’s admin first, then A’s admin cannot claim or enter the account', async () => {
    const email = victimEmail();
    const bravo = await bareOrganisation('Bravo 3');
    const admin = await h.operator('POST', `/api/v1/operator/organisations/${bravo}/admins`, {
      name: 'Cecilia CEO',
      email,
      password: passwordOfB,
    });
    expect(admin.json()).toMatchObject({ status: 'active', accountExists: false, invitation: null });

    const existing = await a.req('POST', '/users', { name: 'Cecilia CEO', email, extension: '154' });
    const fresh = await a.req('POST', '/users', { name: 'Nobody Yet', email: victimEmail(), extension: '155' });
    // To A's admin an email with an account elsewhere looks exactly like a new one.
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(Object.keys(existing.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(Object.keys(existing.json().invitation).sort()).toEqual(Object.keys(fresh.json().invitation).sort());
    expect([existing.json().status, existing.json().invitation.emailed]).toEqual([
      fresh.json().status,
      fresh.json().invitation.emailed,
    ]);

    const claim = await h.acceptInvitation(existing.json().invitation.token, { password: passwordOfA });
    expect(claim.statusCode).toBe(400);
    expect(claim.json()).toMatchObject({ code: 'wrong_password', errors: [{ path: 'password' }] });
    expect((await h.login(email, passwordOfA)).statusCode).toBe(401);
    const withB = await h.login(email, passwordOfB);
    expect(organisationIds(withB)).toEqual([bravo]);
  });

  it('treats case and surrounding spaces of the email as the same person', async () => {
    const n = ++seed;
    const invited = await a.req('POST', '/users', {
      name: 'Cecilia CEO',
      email: `CEO${n}@NewOrg.test `,
      extension: '156',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().email).toBe(`ceo${n}@neworg.test`);
    expect((await h.acceptInvitation(invited.json().invitation.token, { password: passwordOfA })).statusCode).toBe(200);

    const bravo = await bareOrganisation('Bravo 4');
    const admin = await h.operator('POST', `/api/v1/operator/organisations/${bravo}/admins`, {
      name: 'C',
      email: ` Ceo${n}@neworg.TEST`,
      password: passwordOfB,
    });
    expect(admin.json()).toMatchObject({ status: 'pending', accountExists: true });
    const withA = await h.login(`CEO${n}@NEWORG.test`, passwordOfA);
    expect(organisationIds(withA)).toEqual([a.org.id]);
    expect((await h.login(`ceo${n}@neworg.test`, passwordOfB)).statusCode).toBe(401);
  });
});

describe('invitation links', () => {
  it('work once: a second accept is refused and changes no password', async () => {
    const email = victimEmail();
    const invited = await a.req('POST', '/users', { name: 'Once', email, extension: '160' });
    const token = invited.json().invitation.token;
    expect((await h.acceptInvitation(token, { password: passwordOfA })).statusCode).toBe(200);
    const again = await h.acceptInvitation(token, { password: 'a second password here' });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('invitation_not_found');
    expect((await h.login(email, 'a second password here')).statusCode).toBe(401);
    expect((await h.login(email, passwordOfA)).statusCode).toBe(200);
  });

  it('expire after seven days, and a new invitation replaces the old link', async () => {
    const clock = new FakeClock(Date.parse('2026-03-01T09:00:00Z'));
    const timed = await startHarness({ clock: { now: () => new Date(clock.now()) }, sessionTtlMs: 30 * 24 * 3600_000 });
    try {
      const o = await timed.organisation();
      const invited = await o.req('POST', '/users', { name: 'Late', email: 'late@neworg.test', extension: '161' });
      expect(invited.json().invitation.expiresAt).toBe('2026-03-08T09:00:00.000Z');
      clock.advance(7 * 24 * 3600_000);
      const expired = await timed.acceptInvitation(invited.json().invitation.token, { password: passwordOfA });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().code).toBe('invitation_expired');
      expect(
        (await timed.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${invited.json().invitation.token}` }))
          .statusCode,
      ).toBe(410);

      const renewed = await o.req('POST', `/users/${invited.json().id}/invitation`);
      expect(renewed.statusCode).toBe(201);
      expect(renewed.json().expiresAt).toBe('2026-03-15T09:00:00.000Z');
      expect(
        (await timed.acceptInvitation(invited.json().invitation.token, { password: passwordOfA })).statusCode,
      ).toBe(404);
      expect((await timed.acceptInvitation(renewed.json().token, { password: passwordOfA })).statusCode).toBe(200);
    } finally {
      await timed.close();
    }
  });

  it('join only the organisation of their own invitation, not of another one for the same person', async () => {
    const email = victimEmail();
    const b = await h.organisation({ name: 'Bravo 5' });
    const fromA = await a.req('POST', '/users', { name: 'Two Invites', email, extension: '162' });
    const fromB = await b.req('POST', '/users', { name: 'Two Invites', email, extension: '162' });
    const accepted = await h.acceptInvitation(fromA.json().invitation.token, { password: passwordOfA });
    expect(organisationIds(accepted)).toEqual([a.org.id]);
    expect((await b.req('GET', `/users/${fromB.json().id}`)).json().status).toBe('pending');
    // B's link now belongs to an account someone holds: it needs that account's password.
    expect(
      (await h.acceptInvitation(fromB.json().invitation.token, { password: 'guessing at random now' })).statusCode,
    ).toBe(400);
    expect((await b.req('GET', `/users/${fromB.json().id}`)).json().status).toBe('pending');
  });

  it('for an existing account need that account: no password, another account’s session, a cross-site cookie and a wrong password are refused', async () => {
    const email = victimEmail();
    const bravo = await bareOrganisation('Bravo 6');
    await h.operator('POST', `/api/v1/operator/organisations/${bravo}/admins`, {
      name: 'Owner',
      email,
      password: passwordOfB,
    });
    const invited = await a.req('POST', '/users', { name: 'Owner', email, extension: '163' });
    const token = invited.json().invitation.token;
    const owner = (await h.login(email, passwordOfB)).json().token;

    const details = await h.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}` });
    expect(details.json()).toMatchObject({ organisationName: 'Alpha', email, account: 'existing', signedIn: false });

    const none = await h.acceptInvitation(token, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([{ path: 'password', message: 'enter the password of your Växel account' }]);
    expect((await h.acceptInvitation(token, {}, { authorization: `Bearer ${a.adminToken}` })).statusCode).toBe(400);
    expect((await h.acceptInvitation(token, {}, { cookie: `vaxel_session=${owner}` })).statusCode).toBe(400);
    expect((await h.acceptInvitation(token, { password: 'not the password at all' })).json().code).toBe(
      'wrong_password',
    );
    expect((await a.req('GET', `/users/${invited.json().id}`)).json().status).toBe('pending');

    const accepted = await h.acceptInvitation(
      token,
      {},
      { cookie: `vaxel_session=${owner}`, 'x-requested-with': 'vaxel' },
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().token).toBeUndefined();
    expect((await a.req('GET', `/users/${invited.json().id}`)).json().status).toBe('active');
    expect((await h.login(email, passwordOfB)).statusCode).toBe(200);
  });
});
