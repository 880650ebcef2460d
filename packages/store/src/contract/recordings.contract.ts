import { factoryResponseGroupSettings } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { callAt, createOrganisation, createUser, e164 } from './fixtures.ts';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9)).toISOString();

/** R57: recordings listed with their calls, narrowed to one call or to the calls a user may hear. */
export function recordingsContract(current: () => Store): void {
  describe('recordings with their calls', () => {
    async function seed() {
      const store = current();
      const org = await createOrganisation(store);
      const anna = await createUser(store, org.id);
      const bo = await createUser(store, org.id);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      const group = await store.responseGroups.create(org.id, {
        name: 'Support',
        number,
        billingNumber: number,
        numericId: '7',
        agents: [],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      const annas = await store.calls.create(
        org.id,
        callAt(at(1), { toUserId: anna.id, answeredByUserId: anna.id, fromNumber: '+46701000001' }),
      );
      const bos = await store.calls.create(org.id, callAt(at(2), { fromUserId: bo.id, toNumber: '+46812000002' }));
      const groupCall = await store.calls.create(
        org.id,
        callAt(at(3), { responseGroupId: group.id, answeredByUserId: bo.id }),
      );
      const r1 = await store.recordings.create(org.id, {
        callId: annas.id,
        durationMs: 1000,
        createdAt: at(1),
        expiresAt: at(30),
      });
      const r2 = await store.recordings.create(org.id, {
        callId: bos.id,
        durationMs: 2000,
        createdAt: at(2),
        expiresAt: at(30),
      });
      const r3 = await store.recordings.create(org.id, {
        callId: groupCall.id,
        durationMs: 3000,
        createdAt: at(3),
        expiresAt: at(30),
      });
      return { store, org, anna, bo, group, annas, bos, groupCall, r1, r2, r3 };
    }

    it('lists newest first with the call each belongs to, and pages by cursor', async () => {
      const { store, org, annas, r1, r2, r3 } = await seed();
      const first = await store.recordings.search(org.id, { limit: 2 });
      expect(first.recordings.map((r) => r.id)).toEqual([r3.id, r2.id]);
      const second = await store.recordings.search(org.id, { limit: 2, cursor: first.nextCursor! });
      expect(second.nextCursor).toBeNull();
      expect(second.recordings).toEqual([
        {
          ...r1,
          call: {
            direction: 'inbound',
            startedAt: at(1),
            fromNumber: '+46701000001',
            fromName: null,
            toNumber: annas.toNumber,
            fromUserId: null,
            toUserId: annas.toUserId,
            answeredByUserId: annas.answeredByUserId,
            responseGroupId: null,
          },
        },
      ]);
    });

    it("narrows to one call's recordings", async () => {
      const { store, org, bos, r2 } = await seed();
      expect(
        (await store.recordings.search(org.id, { limit: 10, callId: bos.id })).recordings.map((r) => r.id),
      ).toEqual([r2.id]);
    });

    it('narrows to the calls a user was in, or that came through the groups they supervise', async () => {
      const { store, org, anna, bo, group, r1, r2, r3 } = await seed();
      const of = async (userId: string, responseGroupIds: string[]) =>
        (await store.recordings.search(org.id, { limit: 10, involving: { userId, responseGroupIds } })).recordings.map(
          (r) => r.id,
        );
      expect(await of(anna.id, [])).toEqual([r1.id]);
      expect(await of(bo.id, [])).toEqual([r3.id, r2.id]);
      expect(await of(anna.id, [group.id])).toEqual([r3.id, r1.id]);
      expect(await of('nobody', [])).toEqual([]);
    });

    it('shows a recording whose call is gone with no call, and only to an unfiltered search', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const orphan = await store.recordings.create(org.id, {
        callId: 'gone',
        durationMs: 1,
        createdAt: at(1),
        expiresAt: at(2),
      });
      expect((await store.recordings.search(org.id, { limit: 10 })).recordings).toEqual([{ ...orphan, call: null }]);
      expect(
        (await store.recordings.search(org.id, { limit: 10, involving: { userId: 'u', responseGroupIds: ['g'] } }))
          .recordings,
      ).toEqual([]);
    });

    it("never joins another organisation's call or lists its recordings", async () => {
      const { store, annas } = await seed();
      const other = await createOrganisation(store);
      const foreign = await store.recordings.create(other.id, {
        callId: annas.id,
        durationMs: 1,
        createdAt: at(1),
        expiresAt: at(2),
      });
      expect((await store.recordings.search(other.id, { limit: 10 })).recordings).toEqual([{ ...foreign, call: null }]);
    });

    it('records the length when the recording ends, and deleting it unlinks its call', async () => {
      const { store, org, annas, r1 } = await seed();
      await store.calls.update(org.id, { ...annas, recordingId: r1.id });
      await store.recordings.finish(org.id, r1.id, 61_500);
      expect((await store.recordings.get(org.id, r1.id))?.durationMs).toBe(61_500);
      await store.recordings.delete(org.id, r1.id);
      expect(await store.recordings.get(org.id, r1.id)).toBeNull();
      expect((await store.calls.get(org.id, annas.id))?.recordingId).toBeNull();
    });

    it('refuses to finish a recording of another organisation', async () => {
      const { store, r1 } = await seed();
      const other = await createOrganisation(store);
      await expect(store.recordings.finish(other.id, r1.id, 5)).rejects.toMatchObject({ code: 'not_found' });
      expect((await store.recordings.get(r1.organisationId, r1.id))?.durationMs).toBe(1000);
    });
  });
}
