import { factoryCallRoutingDefaults, factoryOutboundRules } from '@vaxel/domain';
import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { migrationProvider } from '../migrations/index.ts';
import { createRepositories } from '../repositories.ts';

/** Opens a Kysely handle on a new, empty database of the dialect under test; the test destroys it. */
export type OpenDatabase = () => Promise<Kysely<Database>>;

async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
  if (error) throw error;
}

/**
 * Migrations that change data for organisations that already exist, run on a database the way
 * it looked before them (the store contract itself always starts from an empty database).
 */
export function describeMigrationContract(name: string, open: OpenDatabase): void {
  describe(`store migrations: ${name}`, () => {
    it('gives every organisation that existed before the outbound rules the factory rules, and its old calls no emergency mark (0005)', async () => {
      const db = await open();
      try {
        await migrateTo(db, '0003_organisation_country');
        const created = '2025-06-01T00:00:00.000Z';
        await (db as Kysely<any>)
          .insertInto('organisations')
          .values([
            {
              id: 'old-1',
              name: 'Old One',
              time_zone: 'Europe/Stockholm',
              language: 'sv',
              country: 'SE',
              package: 'light',
              created_at: created,
            },
            {
              id: 'old-2',
              name: 'Old Two',
              time_zone: 'Europe/Oslo',
              language: 'en',
              country: 'NO',
              package: 'unlimited',
              created_at: created,
            },
          ])
          .execute();
        await (db as Kysely<any>)
          .insertInto('calls')
          .values({
            id: 'call-1',
            organisation_id: 'old-1',
            direction: 'outbound',
            started_at: created,
            from_number: '1001',
            to_number: '+46812345678',
            path: '[]',
          })
          .execute();
        await migrateTo(db, '0005_outbound_rules');

        const repos = createRepositories(db);
        expect(await repos.outboundRules.get('old-1')).toEqual(factoryOutboundRules());
        expect(await repos.outboundRules.get('old-2')).toEqual(factoryOutboundRules());
        expect(
          await db.selectFrom('outbound_rules').select('organisation_id').orderBy('organisation_id').execute(),
        ).toEqual([{ organisation_id: 'old-1' }, { organisation_id: 'old-2' }]);
        expect((await repos.calls.get('old-1', 'call-1'))?.emergency).toBe(false);
      } finally {
        await db.destroy();
      }
    });

    it('reads messages and call-routing defaults saved before voicemail on real calls with no caller name and no voicemail access (0007)', async () => {
      const db = await open();
      try {
        await migrateTo(db, '0006_audit_log');
        const created = '2025-06-01T00:00:00.000Z';
        const legacy = db as Kysely<any>;
        await legacy
          .insertInto('organisations')
          .values({
            id: 'old-1',
            name: 'Old One',
            time_zone: 'Europe/Stockholm',
            language: 'sv',
            country: 'SE',
            package: 'light',
            created_at: created,
          })
          .execute();
        await legacy.insertInto('accounts').values({ id: 'acc-1', email: 'a@old.se', name: 'A' }).execute();
        await legacy
          .insertInto('users')
          .values({
            id: 'user-1',
            organisation_id: 'old-1',
            account_id: 'acc-1',
            name: 'A',
            email: 'a@old.se',
            licence: 'pro',
            permissions: '[]',
            extension: '201',
            sip_username: 'old201',
            created_at: created,
          })
          .execute();
        await legacy
          .insertInto('voicemail_messages')
          .values({
            id: 'vm-1',
            organisation_id: 'old-1',
            box_type: 'user',
            box_user_id: 'user-1',
            from_number: '+46701234567',
            duration_ms: 2000,
            heard: 0,
            created_at: created,
          })
          .execute();
        const { voicemailAccess: _none, ...savedBefore } = { ...factoryCallRoutingDefaults(), ringSeconds: 30 };
        await legacy
          .insertInto('call_routing_defaults')
          .values({ organisation_id: 'old-1', defaults: JSON.stringify(savedBefore) })
          .execute();
        await migrateTo(db, '0007_voicemail');

        const repos = createRepositories(db);
        expect(await repos.voicemail.get('old-1', 'vm-1')).toMatchObject({
          fromName: null,
          heard: false,
          box: { type: 'user', userId: 'user-1' },
        });
        expect(await repos.callRouting.getDefaults('old-1')).toEqual({
          ...factoryCallRoutingDefaults(),
          ringSeconds: 30,
          voicemailAccess: null,
        });
      } finally {
        await db.destroy();
      }
    });

    it('keeps trunks that existed before the setting presenting the original caller with a Diversion (0014)', async () => {
      const db = await open();
      try {
        await migrateTo(db, '0010_callback');
        await (db as Kysely<any>)
          .insertInto('trunks')
          .values({
            id: 'trunk-1',
            name: 'Carrier',
            host: 'sip.carrier.example',
            port: 5060,
            transport: 'udp',
            inbound_addresses: '[]',
            username: null,
            password: null,
            organisation_ids: '[]',
          })
          .execute();
        await migrateTo(db, '0014_trunk_forwarded_identity');

        expect(await createRepositories(db).trunks.get('trunk-1')).toMatchObject({
          name: 'Carrier',
          forwardedCallerId: 'original_with_diversion',
        });
      } finally {
        await db.destroy();
      }
    });

    it('reads a call ended before the end reason with none, and keeps it (0012)', async () => {
      const db = await open();
      try {
        await migrateTo(db, '0010_callback');
        const created = '2025-06-01T00:00:00.000Z';
        const legacy = db as Kysely<any>;
        await legacy
          .insertInto('organisations')
          .values({
            id: 'old-1',
            name: 'Old One',
            time_zone: 'Europe/Stockholm',
            language: 'sv',
            country: 'SE',
            package: 'light',
            created_at: created,
          })
          .execute();
        await legacy
          .insertInto('calls')
          .values({
            id: 'call-1',
            organisation_id: 'old-1',
            direction: 'inbound',
            started_at: created,
            ended_at: created,
            outcome: 'answered',
            from_number: '1001',
            to_number: '1002',
            path: '[]',
            emergency: 0,
          })
          .execute();
        await migrateTo(db, '0013_switch_heartbeat');

        const repos = createRepositories(db);
        const call = await repos.calls.get('old-1', 'call-1');
        expect(call).toMatchObject({ outcome: 'answered', endedAt: created });
        expect(call?.endReason).toBeUndefined();
        expect(await repos.switchState.lastHeartbeat('any')).toBeNull();
      } finally {
        await db.destroy();
      }
    });
  });
}
