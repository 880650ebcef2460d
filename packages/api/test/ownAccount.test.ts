import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/index.ts';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/** A person's own password and sessions (/me/password, /me/sessions), whatever their permissions. */
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
});
afterAll(async () => h.close());

async function person() {
  const member = await o.member();
  const email = member.user.email;
  return { ...member, email };
}
const loginFrom = (email: string, password: string, address: string, userAgent: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: address,
    headers: { 'user-agent': userAgent },
    payload: { email, password },
  });
const changePassword = (token: string, body: unknown) => h.as(token, 'PUT', '/api/v1/me/password', body);

describe('changing one’s password', () => {
  it('needs the current password, names the field that is wrong, and applies the password policy', async () => {
    const p = await person();
    const wrong = await changePassword(p.token, {
      currentPassword: 'not my password',
      newPassword: 'a fresh passphrase',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'wrong_password', errors: [{ path: 'currentPassword' }] });
    const weak = await changePassword(p.token, { currentPassword: testPassword, newPassword: '123456789012' });
    expect(weak.json().errors).toEqual([{ path: 'newPassword', message: expect.any(String), code: 'password_common' }]);
    expect((await changePassword(p.token, { newPassword: 'a fresh passphrase' })).json().errors).toEqual([
      { path: 'currentPassword', message: expect.any(String) },
    ]);
    expect((await h.login(p.email, testPassword)).statusCode).toBe(200);
  });

  it('ends every other session and keeps this one', async () => {
    const p = await person();
    const other = (await h.login(p.email, testPassword)).json().token;
    const others = (await h.as(p.token, 'GET', '/api/v1/me/sessions')).json().length - 1;
    const from = h.events.length;
    expect(
      (await changePassword(p.token, { currentPassword: testPassword, newPassword: 'a fresh passphrase' })).statusCode,
    ).toBe(204);
    expect((await h.as(other, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await h.as(p.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await h.as(p.token, 'GET', '/api/v1/me/sessions')).json()).toHaveLength(1);
    expect((await h.login(p.email, testPassword)).statusCode).toBe(401);
    expect((await h.login(p.email, 'a fresh passphrase')).statusCode).toBe(200);
    const events = h.events.slice(from, from + 2);
    expect(events.map((e) => e.type)).toEqual(['password_changed', 'sessions_revoked']);
    expect(events[1]).toMatchObject({ email: p.email, detail: { sessions: others, reason: 'password_changed' } });
    expect(JSON.stringify(events)).not.toContain('a fresh passphrase');
  });
});

describe('one’s sessions', () => {
  it('are listed with a public id (not the token or its hash), times, address and user agent, this one marked current', async () => {
    const p = await person();
    const laptop = (await loginFrom(p.email, testPassword, '192.0.2.10', 'Firefox on the laptop')).json()
      .token as string;
    await loginFrom(p.email, testPassword, '198.51.100.20', 'Safari on the phone');
    const list = await h.as(laptop, 'GET', '/api/v1/me/sessions');
    expect(list.statusCode).toBe(200);
    const sessions = list.json() as Array<{
      id: string;
      current: boolean;
      address: string;
      userAgent: string;
      lastUsedAt: string | null;
    }>;
    // The harness's member accepted the invitation (one session) and logged in (another), then these two.
    expect(sessions).toHaveLength(4);
    const current = sessions.filter((s) => s.current);
    expect(current).toEqual([
      expect.objectContaining({
        address: '192.0.2.10',
        userAgent: 'Firefox on the laptop',
        lastUsedAt: expect.any(String),
      }),
    ]);
    expect(sessions.map((s) => s.userAgent)).toContain('Safari on the phone');
    for (const s of sessions) {
      expect(s.id).not.toBe(laptop);
      expect(s.id).not.toBe(hashToken(laptop));
    }
    expect(list.body).not.toContain(laptop);
    expect(list.body).not.toContain(hashToken(laptop));
  });

  it('can be logged out one by one, only one’s own', async () => {
    const p = await person();
    const phone = (await loginFrom(p.email, testPassword, '198.51.100.21', 'the phone')).json().token as string;
    const phoneId = (await h.as(phone, 'GET', '/api/v1/me/sessions'))
      .json()
      .find((s: { current: boolean }) => s.current).id;
    const stranger = await person();
    expect((await h.as(stranger.token, 'DELETE', `/api/v1/me/sessions/${phoneId}`)).statusCode).toBe(404);
    expect((await h.as(phone, 'GET', '/api/v1/me')).statusCode).toBe(200);

    expect((await h.as(p.token, 'DELETE', `/api/v1/me/sessions/${phoneId}`)).statusCode).toBe(204);
    expect((await h.as(phone, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await h.as(p.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await h.as(p.token, 'DELETE', `/api/v1/me/sessions/${phoneId}`)).statusCode).toBe(404);
  });

  it('log out everywhere ends them all, this one too, and clears the cookie', async () => {
    const p = await person();
    const other = (await h.login(p.email, testPassword)).json().token;
    const sessions = (await h.as(p.token, 'GET', '/api/v1/me/sessions')).json().length;
    const from = h.events.length;
    const res = await h.as(p.token, 'POST', '/api/v1/me/sessions/revoke-all');
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toContain('vaxel_session=;');
    expect((await h.as(p.token, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await h.as(other, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect(h.events.slice(from)).toEqual([
      expect.objectContaining({ type: 'sessions_revoked', detail: { sessions, reason: 'logged_out_everywhere' } }),
    ]);
  });
});
