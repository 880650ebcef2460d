import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@vaxel/domain';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/** Secrets never reach the audit log: the raw rows are searched for every secret and hash. */
let h: Harness;
let o: TestOrganisation;
const invitationToken = 'inv_6fQy2ZpLw9KxR3tB';
beforeAll(async () => {
  h = await startHarness({
    onDisk: true,
    // A create whose answer carries a one-time secret, as a user create with an invitation will.
    beforeReady: (app) =>
      app.post('/api/v1/orgs/:orgId/guest-passes', {
        config: { permission: 'phone_system' },
        handler: async (_request, reply) =>
          reply.code(201).send({
            id: 'pass-1',
            name: 'Visitor',
            invitation: {
              token: invitationToken,
              url: `https://pbx.example/invite/${invitationToken}`,
              expiresAt: '2026-01-08T00:00:00.000Z',
            },
          }),
      }),
  });
  o = await h.organisation();
});
afterAll(async () => h.close());

describe('the audit log keeps no secret', () => {
  it('of a user with a SIP password, a trunk with a password, logins and failed logins, yet records that secrets were set', async () => {
    const secrets = {
      sipPassword: 'sip-secret-Kq3xV9zL',
      consolePassword: 'console-pass-Wm4tR8yN',
      newSipPassword: 'sip-secret-renewed-Pz7',
      newConsolePassword: 'console-pass-renewed-Hb2',
      trunkPassword: 'trunk-secret-Jd5sF1qA',
      newTrunkPassword: 'trunk-secret-renewed-Xc6',
      wrongGuess: 'wrong-guess-Tn8kE4uB',
    };
    const created = await o.req('POST', '/users', {
      name: 'Lena Ström',
      email: 'lena@example.test',
      extension: '120',
      sipPassword: secrets.sipPassword,
    });
    expect(created.statusCode).toBe(201);
    const lena = created.json();
    // Lena accepts her invitation with a password of her own, then changes it.
    expect((await h.acceptInvitation(lena.invitation.token, { password: secrets.consolePassword })).statusCode).toBe(
      200,
    );
    const lenaToken = (
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'lena@example.test', password: secrets.consolePassword },
      })
    ).json().token;
    const changed = await h.as(lenaToken, 'PUT', '/api/v1/me/password', {
      currentPassword: secrets.consolePassword,
      newPassword: secrets.newConsolePassword,
    });
    expect(changed.statusCode).toBeLessThan(300);
    expect((await o.req('PATCH', `/users/${lena.id}`, { sipPassword: secrets.newSipPassword })).statusCode).toBe(200);
    const trunk = await h.operator('POST', '/api/v1/operator/trunks', {
      name: 'Carrier',
      host: '192.0.2.7',
      username: 'acct',
      password: secrets.trunkPassword,
    });
    expect(trunk.statusCode).toBe(201);
    expect(
      (await h.operator('PATCH', `/api/v1/operator/trunks/${trunk.json().id}`, { password: secrets.newTrunkPassword }))
        .statusCode,
    ).toBe(200);
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'lena@example.test', password: secrets.newConsolePassword },
    });
    expect(login.statusCode).toBe(200);
    const failed = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'lena@example.test', password: secrets.wrongGuess },
    });
    expect(failed.statusCode).toBe(401);
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.adminEmail, password: testPassword },
    });
    expect((await o.req('POST', '/guest-passes', {})).statusCode).toBe(201);

    const stored = [
      ...(await h.rawRows('accounts')).map((r) => r.password_hash),
      ...(await h.rawRows('users')).flatMap((r) => [r.sip_ha1_md5, r.sip_ha1_sha256]),
      ...(await h.rawRows('tokens')).map((r) => r.token_hash),
      ...(await h.rawRows('trunks')).map((r) => r.password),
    ].filter((v): v is string => typeof v === 'string' && v.length > 0);
    expect(stored.length).toBeGreaterThan(6);
    const forbidden = [
      ...Object.values(secrets),
      invitationToken,
      lena.invitation.token,
      lenaToken,
      testPassword,
      login.json().token,
      o.adminToken,
      h.operatorToken,
      ...stored,
    ];

    const rows = await h.rawRows('audit_log');
    const text = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(10);
    expect(forbidden.filter((secret) => text.includes(secret))).toEqual([]);

    // What was done is still there: a secret was set, without its value.
    const entries = (await o.req('GET', `/audit-log?objectType=user&objectId=${lena.id}`)).json()
      .entries as AuditEntry[];
    expect(entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(entries[0]!.changes).toEqual(expect.arrayContaining([{ field: 'sipPassword', after: '[redacted]' }]));
    expect(entries[1]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'hasSipPassword', after: true },
        { field: 'sipPassword', after: '[redacted]' },
      ]),
    );
    const [pass] = (await o.req('GET', '/audit-log?objectType=guestPass')).json().entries as AuditEntry[];
    expect(pass!.changes).toEqual([
      { field: 'name', after: 'Visitor' },
      { field: 'invitation', after: { token: '[redacted]', url: '[redacted]', expiresAt: '2026-01-08T00:00:00.000Z' } },
    ]);
    const trunkEntries = (await h.operator('GET', `/api/v1/operator/audit-log?objectType=trunk`)).json()
      .entries as AuditEntry[];
    expect(trunkEntries[0]!.changes).toEqual([{ field: 'password', after: '[redacted]' }]);
  });
});
