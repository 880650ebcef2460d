import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '@vaxel/domain';
import { AuditLogSecurityEvents } from '../src/index.ts';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/** Security events in the audit log: logins, failed logins and throttling, filed per organisation. */
let h: Harness;
let a: TestOrganisation;
let b: TestOrganisation;
const logLines: string[] = [];
beforeAll(async () => {
  h = await startHarness({ loginThrottle: { addressFailures: 100_000, accountFailures: 3 }, logLines });
  a = await h.organisation();
  b = await h.organisation();
});
afterAll(async () => h.close());

const login = (email: string, password: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: '198.51.100.23',
  });
const accountEntries = async (org: TestOrganisation, accountId: string) =>
  (await org.req('GET', `/audit-log?objectType=account&objectId=${accountId}`)).json().entries as AuditEntry[];

describe('logins in the audit log', () => {
  it('records a login under the organisation, by the person, from their address', async () => {
    const member = await a.member();
    const me = (await h.as(member.token, 'GET', '/api/v1/me')).json();
    expect((await login(me.email, testPassword)).statusCode).toBe(200);
    const [entry] = await accountEntries(a, me.accountId);
    expect(entry).toMatchObject({
      organisationId: a.org.id,
      action: 'login_succeeded',
      objectType: 'account',
      objectId: me.accountId,
      objectName: me.email,
      sourceAddress: '198.51.100.23',
      actor: { kind: 'account', accountId: me.accountId, name: member.user.name, email: me.email },
      changes: [],
    });
  });

  it('files a failed login under every organisation of the account, never with the password typed', async () => {
    const member = await a.member();
    const me = (await h.as(member.token, 'GET', '/api/v1/me')).json();
    const linked = await b.req('POST', '/users', { name: member.user.name, email: me.email, extension: '301' });
    expect(linked.statusCode).toBe(201);
    // The person joins B with their own account's password.
    expect((await h.acceptInvitation(linked.json().invitation.token, { password: testPassword })).statusCode).toBe(200);
    expect((await login(me.email, 'a wrong password guess')).statusCode).toBe(401);
    const [inA] = await accountEntries(a, me.accountId);
    const [inB] = await accountEntries(b, me.accountId);
    expect([inA?.action, inB?.action]).toEqual(['login_failed', 'login_failed']);
    expect(JSON.stringify([inA, inB])).not.toContain('a wrong password guess');
  });

  it('files a failed login for an email nobody has under the platform, which no organisation sees', async () => {
    expect((await login('nobody-at-all@example.test', 'some password guess')).statusCode).toBe(401);
    const platform = (await h.operator('GET', '/api/v1/operator/audit-log?objectType=account')).json()
      .entries as AuditEntry[];
    expect(platform[0]).toMatchObject({
      organisationId: null,
      action: 'login_failed',
      objectId: null,
      objectName: 'nobody-at-all@example.test',
      actor: { kind: 'account', accountId: null, email: 'nobody-at-all@example.test' },
    });
    const seenByOrgs = [
      ...(await a.req('GET', '/audit-log?limit=200')).json().entries,
      ...(await b.req('GET', '/audit-log?limit=200')).json().entries,
    ];
    expect(JSON.stringify(seenByOrgs)).not.toContain('nobody-at-all@example.test');
  });

  it('records when an account is throttled after repeated failures', async () => {
    const member = await b.member();
    const me = (await h.as(member.token, 'GET', '/api/v1/me')).json();
    for (let i = 0; i < 3; i++) expect((await login(me.email, `guess number ${i}`)).statusCode).toBe(401);
    expect((await login(me.email, testPassword)).statusCode).toBe(429);
    const [throttled, ...before] = await accountEntries(b, me.accountId);
    expect(throttled).toMatchObject({ action: 'login_throttled', detail: { retryAfterSeconds: expect.any(Number) } });
    expect(before.slice(0, 3).map((e) => e.action)).toEqual(['login_failed', 'login_failed', 'login_failed']);
  });
});

describe('the security event sink', () => {
  it('files an event under the organisations it names, with the admin or operator who caused it, secrets redacted', async () => {
    const member = await a.member();
    const me = (await h.as(member.token, 'GET', '/api/v1/me')).json();
    const admin = (await h.as(a.adminToken, 'GET', '/api/v1/me')).json();
    const sink = new AuditLogSecurityEvents(h.store, { now: () => new Date('2026-05-01T08:00:00Z') }, h.app.log);
    await sink.record({
      type: 'invitation_created',
      accountId: me.accountId,
      email: me.email,
      address: '203.0.113.5',
      actorAccountId: admin.accountId,
      organisationIds: [b.org.id],
      detail: { token: 'inv_abcdefghijkl', expiresInDays: 7 },
    });
    await sink.record({
      type: 'sessions_revoked',
      accountId: me.accountId,
      email: me.email,
      address: '',
      actorAccountId: null,
    });

    const inB = await accountEntries(b, me.accountId);
    expect(inB[0]).toMatchObject({
      at: '2026-05-01T08:00:00.000Z',
      action: 'invitation_created',
      sourceAddress: '203.0.113.5',
      actor: { kind: 'account', accountId: admin.accountId, name: a.admin.name },
      detail: { token: '[redacted]', expiresInDays: 7 },
    });
    const inA = await accountEntries(a, me.accountId);
    // A has the invitation of the member's own joining, but not the one filed under B alone.
    expect(inA.filter((e) => e.action === 'invitation_created' && e.sourceAddress === '203.0.113.5')).toEqual([]);
    expect(inA.find((e) => e.action === 'sessions_revoked')).toMatchObject({
      sourceAddress: null,
      actor: { kind: 'operator', accountId: null },
    });
  });

  it('never fails the caller when the audit log cannot be written, and says so in the log', async () => {
    const sink = new AuditLogSecurityEvents(h.store, { now: () => new Date() }, h.app.log);
    const append = vi.spyOn(h.store.auditLog, 'append').mockRejectedValueOnce(new Error('disk full'));
    try {
      await expect(
        sink.record({ type: 'login_failed', accountId: null, email: 'x@example.test', address: '' }),
      ).resolves.toBeUndefined();
    } finally {
      append.mockRestore();
    }
    expect(
      logLines.some((line) => line.includes('a security event could not be written') && line.includes('disk full')),
    ).toBe(true);
  });
});
