import { describe, expect, it } from 'vitest';
import { ForeignKeyViolation } from '../errors.ts';
import type { Store } from '../ports.ts';
import { createOrganisation, createUser, unique } from './fixtures.ts';

const hash = () => unique('hash').padEnd(64, '0');
const inAnHour = '2026-03-01T11:00:00.000Z';

/** Accounts, their sessions, password resets, invitations and the login throttle's memory. */
export function accountsContract(current: () => Store): void {
  describe('sessions', () => {
    it('get a public id that is neither the token hash nor reused, and list newest first without expired ones or other accounts', async () => {
      const store = current();
      const account = await store.accounts.create({ email: `${unique('p')}@x.test`, name: 'P', passwordHash: null });
      const other = await store.accounts.create({ email: `${unique('o')}@x.test`, name: 'O', passwordHash: null });
      const older = await store.accounts.createToken({
        tokenHash: hash(),
        accountId: account.id,
        kind: 'session',
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: inAnHour,
        address: '192.0.2.1',
        userAgent: 'Firefox',
      });
      const newer = await store.accounts.createToken({
        tokenHash: hash(),
        accountId: account.id,
        kind: 'session',
        createdAt: '2026-03-01T09:30:00Z',
        expiresAt: inAnHour,
      });
      await store.accounts.createToken({
        tokenHash: hash(),
        accountId: account.id,
        kind: 'session',
        createdAt: '2026-03-01T08:00:00Z',
        expiresAt: '2026-03-01T09:59:59Z',
      });
      await store.accounts.createToken({
        tokenHash: hash(),
        accountId: other.id,
        kind: 'session',
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: inAnHour,
      });

      expect(older.id).not.toBe(older.tokenHash);
      expect(older.id).not.toBe(newer.id);
      const sessions = await store.accounts.listSessions(account.id, '2026-03-01T10:00:00Z');
      expect(sessions.map((s) => s.id)).toEqual([newer.id, older.id]);
      expect(sessions[1]).toMatchObject({
        address: '192.0.2.1',
        userAgent: 'Firefox',
        lastUsedAt: null,
        createdAt: '2026-03-01T09:00:00.000Z',
      });
      expect(sessions[0]).toMatchObject({ address: null, userAgent: null });
    });

    it('remember when they were last used', async () => {
      const store = current();
      const account = await store.accounts.create({ email: `${unique('p')}@x.test`, name: 'P', passwordHash: null });
      const session = await store.accounts.createToken({
        tokenHash: hash(),
        accountId: account.id,
        kind: 'session',
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: inAnHour,
      });
      await store.accounts.touchToken(session.tokenHash, '2026-03-01T09:45:00+01:00');
      expect((await store.accounts.getToken(session.tokenHash))?.lastUsedAt).toBe('2026-03-01T08:45:00.000Z');
    });

    it('end one by public id only for their own account, and all but one, or all', async () => {
      const store = current();
      const account = await store.accounts.create({ email: `${unique('p')}@x.test`, name: 'P', passwordHash: null });
      const other = await store.accounts.create({ email: `${unique('o')}@x.test`, name: 'O', passwordHash: null });
      const make = (accountId: string) =>
        store.accounts.createToken({
          tokenHash: hash(),
          accountId,
          kind: 'session',
          createdAt: '2026-03-01T09:00:00Z',
          expiresAt: inAnHour,
        });
      const [a1, a2, a3] = [await make(account.id), await make(account.id), await make(account.id)];
      const theirs = await make(other.id);

      expect(await store.accounts.deleteSession(account.id, theirs.id)).toBe(false);
      expect(await store.accounts.getToken(theirs.tokenHash)).not.toBeNull();
      expect(await store.accounts.deleteSession(account.id, a1!.id)).toBe(true);
      expect(await store.accounts.getToken(a1!.tokenHash)).toBeNull();

      expect(await store.accounts.deleteSessions(account.id, { exceptTokenHash: a2!.tokenHash })).toBe(1);
      expect(await store.accounts.getToken(a2!.tokenHash)).not.toBeNull();
      expect(await store.accounts.getToken(a3!.tokenHash)).toBeNull();
      expect(await store.accounts.deleteSessions(account.id)).toBe(1);
      expect(await store.accounts.listSessions(account.id, '2026-03-01T10:00:00Z')).toEqual([]);
      expect(await store.accounts.getToken(theirs.tokenHash)).not.toBeNull();
    });
  });

  describe('password resets', () => {
    it('are found by hash, dated, deleted together, and expire with the tokens', async () => {
      const store = current();
      const account = await store.accounts.create({ email: `${unique('p')}@x.test`, name: 'P', passwordHash: null });
      expect(await store.accounts.lastPasswordResetAt(account.id)).toBeNull();
      const first = {
        tokenHash: hash(),
        accountId: account.id,
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: '2026-03-01T10:00:00Z',
      };
      const second = {
        tokenHash: hash(),
        accountId: account.id,
        createdAt: '2026-03-01T09:30:00Z',
        expiresAt: '2026-03-01T10:30:00Z',
      };
      await store.accounts.createPasswordReset(first);
      await store.accounts.createPasswordReset(second);
      expect(await store.accounts.getPasswordReset(first.tokenHash)).toEqual({
        ...first,
        createdAt: '2026-03-01T09:00:00.000Z',
        expiresAt: '2026-03-01T10:00:00.000Z',
      });
      expect(await store.accounts.lastPasswordResetAt(account.id)).toBe('2026-03-01T09:30:00.000Z');

      await store.accounts.deleteExpiredTokens('2026-03-01T10:15:00Z');
      expect(await store.accounts.getPasswordReset(first.tokenHash)).toBeNull();
      expect(await store.accounts.deletePasswordResets(account.id)).toBe(1);
      expect(await store.accounts.getPasswordReset(second.tokenHash)).toBeNull();
    });
  });

  describe('invitations', () => {
    it('make a user pending until they are deleted, and a pending user is no membership of the account', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const user = await createUser(store, org.id);
      const record = (await store.users.getRecord(org.id, user.id))!;
      expect(user).toMatchObject({ status: 'active', invitationExpiresAt: null });

      const tokenHash = hash();
      const invitation = await store.invitations.create(org.id, {
        userId: user.id,
        email: 'CEO@NewOrg.test ',
        tokenHash,
        createdByAccountId: null,
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: '2026-03-08T09:00:00Z',
      });
      expect(invitation).toMatchObject({ organisationId: org.id, userId: user.id, email: 'ceo@neworg.test' });
      expect(await store.invitations.getByTokenHash(tokenHash)).toEqual(invitation);
      expect(await store.users.get(org.id, user.id)).toMatchObject({
        status: 'pending',
        invitationExpiresAt: '2026-03-08T09:00:00.000Z',
      });
      expect((await store.users.list(org.id)).find((u) => u.id === user.id)?.status).toBe('pending');
      expect(await store.users.listByAccount(record.accountId)).toEqual([]);

      expect(await store.invitations.deleteForUser(org.id, user.id)).toBe(1);
      expect(await store.invitations.deleteForUser(org.id, user.id)).toBe(0);
      expect(await store.invitations.getByTokenHash(tokenHash)).toBeNull();
      expect((await store.users.get(org.id, user.id))?.status).toBe('active');
      expect((await store.users.listByAccount(record.accountId)).map((u) => u.id)).toEqual([user.id]);
    });

    it('go with their user, and cannot name a user of another organisation', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const user = await createUser(store, a.id);
      const tokenHash = hash();
      const fields = {
        userId: user.id,
        email: 'x@y.test',
        tokenHash,
        createdByAccountId: null,
        createdAt: '2026-03-01T09:00:00Z',
        expiresAt: '2026-03-08T09:00:00Z',
      };
      await expect(store.invitations.create(b.id, { ...fields, tokenHash: hash() })).rejects.toBeInstanceOf(
        ForeignKeyViolation,
      );
      await store.invitations.create(a.id, fields);
      expect(await store.invitations.deleteForUser(b.id, user.id)).toBe(0);
      await store.users.delete(a.id, user.id);
      expect(await store.invitations.getByTokenHash(tokenHash)).toBeNull();
    });
  });

  describe('login throttle memory', () => {
    it('counts failures since a time by address, by email and by both, with the last one', async () => {
      const store = current();
      const email = `${unique('victim')}@x.test`;
      const address = `198.51.100.${unique('').length}`;
      await store.loginThrottle.recordFailure({ address, email, at: '2026-03-01T09:00:00Z' });
      await store.loginThrottle.recordFailure({ address, email: email.toUpperCase(), at: '2026-03-01T09:05:00Z' });
      await store.loginThrottle.recordFailure({ address: '203.0.113.9', email, at: '2026-03-01T09:06:00Z' });
      await store.loginThrottle.recordFailure({ address, email: `other.${email}`, at: '2026-03-01T09:07:00Z' });

      expect(await store.loginThrottle.failures({ email, since: '2026-03-01T08:00:00Z' })).toEqual({
        count: 3,
        lastAt: '2026-03-01T09:06:00.000Z',
      });
      expect(await store.loginThrottle.failures({ address, since: '2026-03-01T08:00:00Z' })).toEqual({
        count: 3,
        lastAt: '2026-03-01T09:07:00.000Z',
      });
      expect(await store.loginThrottle.failures({ address, email, since: '2026-03-01T08:00:00Z' })).toEqual({
        count: 2,
        lastAt: '2026-03-01T09:05:00.000Z',
      });
      expect(await store.loginThrottle.failures({ email, since: '2026-03-01T09:05:00Z' })).toEqual({
        count: 1,
        lastAt: '2026-03-01T09:06:00.000Z',
      });
      expect(await store.loginThrottle.failures({ email: `nobody.${email}`, since: '2026-03-01T08:00:00Z' })).toEqual({
        count: 0,
        lastAt: null,
      });
    });

    it("forgets an email's failures from every address on success, but not the address's failures for other emails", async () => {
      const store = current();
      const email = `${unique('owner')}@x.test`;
      const address = '198.51.100.20';
      await store.loginThrottle.recordFailure({ address, email, at: '2026-03-01T09:00:00Z' });
      await store.loginThrottle.recordFailure({ address: '203.0.113.20', email, at: '2026-03-01T09:00:00Z' });
      await store.loginThrottle.recordFailure({ address, email: `sprayed.${email}`, at: '2026-03-01T09:01:00Z' });
      await store.loginThrottle.recordSuccess({ address, email: email.toUpperCase(), at: '2026-03-01T09:02:00Z' });

      expect((await store.loginThrottle.failures({ email, since: '2026-03-01T08:00:00Z' })).count).toBe(0);
      expect((await store.loginThrottle.failures({ address, since: '2026-03-01T08:00:00Z' })).count).toBe(1);
      expect(await store.loginThrottle.isKnownAddress(email, address, '2026-03-01T09:00:00Z')).toBe(true);
      expect(await store.loginThrottle.isKnownAddress(email, address, '2026-03-01T09:03:00Z')).toBe(false);
      expect(await store.loginThrottle.isKnownAddress(email, '203.0.113.20', '2026-03-01T08:00:00Z')).toBe(false);
    });

    it('prunes failures and known addresses older than their times', async () => {
      const store = current();
      const email = `${unique('old')}@x.test`;
      await store.loginThrottle.recordFailure({ address: '198.51.100.30', email, at: '2026-03-01T09:00:00Z' });
      await store.loginThrottle.recordFailure({ address: '198.51.100.30', email, at: '2026-03-02T09:00:00Z' });
      await store.loginThrottle.recordSuccess({
        address: '198.51.100.31',
        email: `known.${email}`,
        at: '2026-03-01T09:00:00Z',
      });
      await store.loginThrottle.recordSuccess({
        address: '198.51.100.32',
        email: `kept.${email}`,
        at: '2026-03-01T09:00:00Z',
      });
      await store.loginThrottle.prune({ failures: '2026-03-02T00:00:00Z', knownAddresses: '2026-02-01T00:00:00Z' });
      expect((await store.loginThrottle.failures({ email, since: '2026-01-01T00:00:00Z' })).count).toBe(1);
      expect(await store.loginThrottle.isKnownAddress(`kept.${email}`, '198.51.100.32', '2026-01-01T00:00:00Z')).toBe(
        true,
      );
      await store.loginThrottle.prune({ failures: '2026-03-02T00:00:00Z', knownAddresses: '2026-03-02T00:00:00Z' });
      expect(await store.loginThrottle.isKnownAddress(`known.${email}`, '198.51.100.31', '2026-01-01T00:00:00Z')).toBe(
        false,
      );
    });
  });
}
