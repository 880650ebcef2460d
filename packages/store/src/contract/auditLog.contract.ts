import { RuleViolation, type AuditEntry, type AuditSearch, type NewAuditEntry } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { createOrganisation } from './fixtures.ts';

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();

const astrid = { kind: 'account' as const, accountId: 'acc-astrid', name: 'Astrid Lind', email: 'astrid@example.se' };

function entryAt(organisationId: string | null, at: string, fields: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    organisationId,
    at,
    actor: astrid,
    sourceAddress: '192.0.2.10',
    action: 'update',
    objectType: 'responseGroup',
    objectId: 'g1',
    objectName: 'Support',
    changes: [{ field: 'name', before: 'Sales', after: 'Support' }],
    detail: null,
    ...fields,
  };
}

async function allPages(
  store: Store,
  organisationId: string | null,
  query: Omit<AuditSearch, 'cursor'>,
): Promise<AuditEntry[][]> {
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.auditLog.search(organisationId, { ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 1000);
  return pages;
}

/** The audit log: append-only entries, searched newest first with keyset paging, per tenant. */
export function auditLogContract(current: () => Store): void {
  describe('audit log', () => {
    it('gives back an entry exactly as appended, its time in canonical UTC and its JSON intact', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const written = await store.auditLog.append(
        entryAt(org.id, '2026-03-01T10:00:00+01:00', {
          changes: [
            { field: 'settings.queue.maxWaitSeconds', before: 60, after: 120 },
            { field: 'agents', before: [{ userId: 'u1', loggedIn: true, reachOn: 'phone' }], after: [] },
            { field: 'number', after: '+46812345678' },
          ],
          detail: { upload: { fileName: 'hold.mp3', bytes: 1234 } },
        }),
      );
      expect(written.at).toBe('2026-03-01T09:00:00.000Z');
      expect(await store.auditLog.get(org.id, written.id)).toEqual(written);
      expect(written).toMatchObject({
        organisationId: org.id,
        actor: astrid,
        changes: [
          { field: 'settings.queue.maxWaitSeconds', before: 60, after: 120 },
          { field: 'agents', before: [{ userId: 'u1', loggedIn: true, reachOn: 'phone' }], after: [] },
          { field: 'number', after: '+46812345678' },
        ],
        detail: { upload: { fileName: 'hold.mp3', bytes: 1234 } },
      });
      expect(written.changes[2]).not.toHaveProperty('before');
    });

    it('pages newest first without duplicates or gaps, also through entries written in the same millisecond', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const written: AuditEntry[] = [];
      for (let i = 0; i < 23; i += 1)
        written.push(
          await store.auditLog.append(entryAt(org.id, minute(Math.floor(i / 4)), { objectName: `change ${i}` })),
        );

      const pages = await allPages(store, org.id, { limit: 5 });
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      // Within one instant, the later write comes first too: newest first means the order written, reversed.
      expect(pages.flat().map((e) => e.objectName)).toEqual(written.map((e) => e.objectName).reverse());
    });

    it('says there is no next page when the last page is exactly full', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.auditLog.append(entryAt(org.id, minute(1)));
      await store.auditLog.append(entryAt(org.id, minute(2)));
      const page = await store.auditLog.search(org.id, { limit: 2 });
      expect(page.entries).toHaveLength(2);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by object, by person and by time (from inclusive, to exclusive), combined with AND', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const erik = { kind: 'account' as const, accountId: 'acc-erik', name: 'Erik Berg', email: 'erik@example.se' };
      await store.auditLog.append(
        entryAt(org.id, minute(1), { objectType: 'responseGroup', objectId: 'g1', objectName: 'g1 by Astrid' }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(2), { objectType: 'responseGroup', objectId: 'g2', objectName: 'g2 by Astrid' }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(3), { objectType: 'user', objectId: 'g1', objectName: 'user g1 by Erik', actor: erik }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(4), {
          objectType: 'responseGroup',
          objectId: 'g1',
          objectName: 'g1 by Erik',
          actor: erik,
        }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(5), {
          objectType: 'responseGroup',
          objectId: 'g1',
          objectName: 'g1 by Operator',
          actor: { kind: 'operator', accountId: null, name: 'Operator', email: null },
        }),
      );

      const names = async (query: Omit<AuditSearch, 'limit'>) =>
        (await store.auditLog.search(org.id, { limit: 50, ...query })).entries.map((e) => e.objectName);
      expect(await names({ objectType: 'responseGroup', objectId: 'g1' })).toEqual([
        'g1 by Operator',
        'g1 by Erik',
        'g1 by Astrid',
      ]);
      expect(await names({ objectType: 'user' })).toEqual(['user g1 by Erik']);
      expect(await names({ actorAccountId: 'acc-erik' })).toEqual(['g1 by Erik', 'user g1 by Erik']);
      expect(await names({ from: minute(2), to: minute(4) })).toEqual(['user g1 by Erik', 'g2 by Astrid']);
      expect(await names({ actorAccountId: 'acc-astrid', objectId: 'g1', to: minute(5) })).toEqual(['g1 by Astrid']);
    });

    it("keeps each organisation's entries and the platform's apart, by search and by id", async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const ofA = await store.auditLog.append(entryAt(a.id, minute(1), { objectName: 'of A' }));
      const platform = await store.auditLog.append(
        entryAt(null, minute(2), { objectType: 'trunk', objectName: 'platform' }),
      );

      expect((await store.auditLog.search(b.id, { limit: 50 })).entries).toEqual([]);
      expect(await store.auditLog.get(b.id, ofA.id)).toBeNull();
      expect(await store.auditLog.get(null, ofA.id)).toBeNull();
      expect(await store.auditLog.get(a.id, platform.id)).toBeNull();
      expect((await store.auditLog.search(a.id, { limit: 50 })).entries.map((e) => e.objectName)).toEqual(['of A']);
      expect((await store.auditLog.search(null, { limit: 50 })).entries.map((e) => e.objectName)).toEqual(['platform']);
      expect(await store.auditLog.actors(b.id)).toEqual([]);
    });

    it('lists the people who appear in the log once each, with their latest name and email, by name', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.auditLog.append(
        entryAt(org.id, minute(1), { actor: { ...astrid, name: 'Astrid Holm', email: 'astrid.holm@example.se' } }),
      );
      await store.auditLog.append(entryAt(org.id, minute(3), { actor: astrid }));
      await store.auditLog.append(entryAt(org.id, minute(2), { actor: { ...astrid, name: 'Astrid L.' } }));
      await store.auditLog.append(
        entryAt(org.id, minute(2), {
          actor: { kind: 'account', accountId: 'acc-bo', name: 'Bo Ek', email: 'bo@example.se' },
        }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(4), { actor: { kind: 'operator', accountId: null, name: 'Operator', email: null } }),
      );
      await store.auditLog.append(
        entryAt(org.id, minute(5), { actor: { kind: 'system', accountId: null, name: 'Växel', email: null } }),
      );

      expect(await store.auditLog.actors(org.id)).toEqual([
        astrid,
        { kind: 'account', accountId: 'acc-bo', name: 'Bo Ek', email: 'bo@example.se' },
      ]);
    });

    it('refuses a cursor it did not make and a time it cannot read, naming the field', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await expect(store.auditLog.search(org.id, { limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(RuleViolation);
      await expect(store.auditLog.search(org.id, { limit: 5, from: 'yesterday' })).rejects.toThrow(/from/);
    });
  });
}
