import { RuleViolation, type CallRecord, type CallSearch } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { callAt, createOrganisation } from './fixtures.ts';

type NewCall = Omit<CallRecord, 'id' | 'organisationId'>;

/** Every page of a search, following the cursor to the end. */
async function allPages(
  store: Store,
  organisationId: string,
  query: Omit<CallSearch, 'cursor'>,
): Promise<CallRecord[][]> {
  const pages: CallRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.calls.search(organisationId, { ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page.calls);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 1000);
  return pages;
}

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();

/** R59: the call log search, filters and keyset paging. */
export function callSearchContract(current: () => Store): void {
  describe('call log search', () => {
    it('pages newest first without duplicates or gaps, also through calls that started at the same instant', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const calls: NewCall[] = [];
      for (let i = 0; i < 23; i += 1) calls.push(callAt(minute(Math.floor(i / 3)), { fromName: `call ${i}` }));
      await store.calls.insertMany(org.id, calls);

      const pages = await allPages(store, org.id, { limit: 5 });
      const seen = pages.flat();
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(new Set(seen.map((c) => c.id)).size).toBe(23);
      const keys = seen.map((c) => `${c.startedAt}|${c.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    });

    it('says there is no next page when the last page is exactly full', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [callAt(minute(1)), callAt(minute(2))]);
      const page = await store.calls.search(org.id, { limit: 2 });
      expect(page.calls).toHaveLength(2);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by time range, from inclusive and to exclusive', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(9)),
        callAt(minute(10)),
        callAt(minute(11)),
        callAt(minute(12)),
      ]);
      const { calls } = await store.calls.search(org.id, { from: minute(10), to: minute(12), limit: 50 });
      expect(calls.map((c) => c.startedAt)).toEqual([minute(11), minute(10)]);
    });

    it('finds a number as either party, with or without the plus sign', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(1), { fromNumber: '+46701000001', toNumber: '+46812000000' }),
        callAt(minute(2), { fromNumber: '+46812000000', toNumber: '+46701000001', direction: 'outbound' }),
        callAt(minute(3), { fromNumber: '+46701000002', toNumber: '+46812000000' }),
      ]);
      const withPlus = await store.calls.search(org.id, { number: '+46701000001', limit: 50 });
      expect(withPlus.calls.map((c) => c.startedAt)).toEqual([minute(2), minute(1)]);
      const digits = await store.calls.search(org.id, { number: '46701000001', limit: 50 });
      expect(digits.calls).toEqual(withPlus.calls);
    });

    it('finds a user as caller, callee or the agent who answered', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(1), { fromUserId: 'u1', direction: 'outbound' }),
        callAt(minute(2), { toUserId: 'u1' }),
        callAt(minute(3), { answeredByUserId: 'u1', responseGroupId: 'g1', outcome: 'answered' }),
        callAt(minute(4), { toUserId: 'u2' }),
      ]);
      const { calls } = await store.calls.search(org.id, { userId: 'u1', limit: 50 });
      expect(calls.map((c) => c.startedAt)).toEqual([minute(3), minute(2), minute(1)]);
    });

    it('combines group, direction and outcome filters with AND', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(1), { responseGroupId: 'g1', outcome: 'answered' }),
        callAt(minute(2), { responseGroupId: 'g1', outcome: 'missed' }),
        callAt(minute(3), { responseGroupId: 'g2', outcome: 'answered' }),
        callAt(minute(4), { responseGroupId: 'g1', outcome: 'answered', direction: 'internal' }),
      ]);
      const { calls } = await store.calls.search(org.id, {
        responseGroupId: 'g1',
        outcome: 'answered',
        direction: 'inbound',
        limit: 50,
      });
      expect(calls.map((c) => c.startedAt)).toEqual([minute(1)]);
    });

    it('keeps the emergency mark of a call and finds only emergency calls, or only the others', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(1), { toNumber: '112', direction: 'outbound', emergency: true }),
        callAt(minute(2)),
        callAt(minute(3), { toNumber: '112', direction: 'outbound', emergency: true, outcome: 'answered' }),
      ]);
      const emergency = await store.calls.search(org.id, { emergency: true, limit: 50 });
      expect(emergency.calls.map((c) => [c.startedAt, c.emergency])).toEqual([
        [minute(3), true],
        [minute(1), true],
      ]);
      const others = await store.calls.search(org.id, { emergency: false, limit: 50 });
      expect(others.calls.map((c) => [c.startedAt, c.emergency])).toEqual([[minute(2), false]]);
      const created = await store.calls.create(org.id, callAt(minute(4), { emergency: true }));
      expect((await store.calls.get(org.id, created.id))?.emergency).toBe(true);
      const updated = await store.calls.update(org.id, { ...created, emergency: false });
      expect(updated.emergency).toBe(false);
    });

    it('links a callback call to the call that asked for it, and finds the callbacks of a call', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const asked = await store.calls.create(org.id, callAt(minute(1), { outcome: 'answered' }));
      expect(asked.callbackForCallId).toBeUndefined();
      const first = await store.calls.create(
        org.id,
        callAt(minute(5), { direction: 'outbound', callbackForCallId: asked.id }),
      );
      await store.calls.insertMany(org.id, [
        callAt(minute(9), { direction: 'outbound', callbackForCallId: asked.id }),
        callAt(minute(7)),
      ]);
      expect((await store.calls.get(org.id, first.id))?.callbackForCallId).toBe(asked.id);
      const callbacks = await store.calls.search(org.id, { callbackForCallId: asked.id, limit: 50 });
      expect(callbacks.calls.map((c) => [c.startedAt, c.callbackForCallId])).toEqual([
        [minute(9), asked.id],
        [minute(5), asked.id],
      ]);
      const other = await createOrganisation(store);
      expect((await store.calls.search(other.id, { callbackForCallId: asked.id, limit: 50 })).calls).toEqual([]);
    });

    it('pages through a filtered search the same as through the whole log', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const calls: NewCall[] = [];
      for (let i = 0; i < 40; i += 1)
        calls.push(callAt(minute(i % 13), { outcome: i % 2 === 0 ? 'answered' : 'missed' }));
      await store.calls.insertMany(org.id, calls);
      const pages = await allPages(store, org.id, { outcome: 'answered', limit: 3 });
      const ids = pages.flat().map((c) => c.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      expect(pages.flat().every((c) => c.outcome === 'answered')).toBe(true);
    });

    it('pages through a number search without duplicates or gaps when the number is on both sides', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const number = '+46701000009';
      const calls: NewCall[] = [];
      for (let i = 0; i < 30; i += 1) {
        const side = i % 3;
        calls.push(
          callAt(minute(i % 7), {
            fromNumber: side === 0 ? number : '+46701000001',
            toNumber: side === 1 ? number : side === 2 ? number : '+46812000000',
            ...(side === 2 ? { fromNumber: number } : {}),
          }),
        );
      }
      calls.push(callAt(minute(3), { fromNumber: '+46701000002', toNumber: '+46812000000' }));
      await store.calls.insertMany(org.id, calls);
      const pages = await allPages(store, org.id, { number, limit: 4 });
      const seen = pages.flat();
      expect(seen).toHaveLength(30);
      expect(new Set(seen.map((c) => c.id)).size).toBe(30);
      const keys = seen.map((c) => `${c.startedAt}|${c.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    });

    it('combines a number with a user and the other filters', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(minute(1), { toNumber: '+46812000001', toUserId: 'u1', outcome: 'answered' }),
        callAt(minute(2), { toNumber: '+46812000001', toUserId: 'u2', outcome: 'answered' }),
        callAt(minute(3), { toNumber: '+46812000001', toUserId: 'u1', outcome: 'missed' }),
        callAt(minute(4), { toNumber: '+46812000002', toUserId: 'u1', outcome: 'answered' }),
      ]);
      const { calls } = await store.calls.search(org.id, {
        number: '+46812000001',
        userId: 'u1',
        outcome: 'answered',
        limit: 50,
      });
      expect(calls.map((c) => c.startedAt)).toEqual([minute(1)]);
    });

    it('pages through a user search across the caller, callee and answering agent columns', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const calls: NewCall[] = [];
      for (let i = 0; i < 25; i += 1) {
        const role = i % 3;
        calls.push(
          callAt(
            minute(i % 5),
            role === 0
              ? { fromUserId: 'u7' }
              : role === 1
                ? { toUserId: 'u7', answeredByUserId: 'u7' }
                : { answeredByUserId: 'u7' },
          ),
        );
      }
      calls.push(callAt(minute(2), { fromUserId: 'u8' }));
      await store.calls.insertMany(org.id, calls);
      const seen = (await allPages(store, org.id, { userId: 'u7', limit: 6 })).flat();
      expect(new Set(seen.map((c) => c.id)).size).toBe(25);
      expect(seen).toHaveLength(25);
    });

    it('summarises every matching call by UTC quarter-hour and outcome, wait time and group', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 0, 1, hh, mm, 30)).toISOString();
      await store.calls.insertMany(org.id, [
        callAt(at(9, 0), { outcome: 'answered', waitSeconds: 5, responseGroupId: 'g1' }),
        callAt(at(9, 14), { outcome: 'answered', waitSeconds: 5, responseGroupId: 'g1' }),
        callAt(at(9, 15), { outcome: 'missed', waitSeconds: 40, responseGroupId: 'g1' }),
        callAt(at(9, 59), { outcome: null, waitSeconds: null, endedAt: null }),
        callAt(at(9, 50), { outcome: 'answered', waitSeconds: null, responseGroupId: 'g2' }),
        callAt(at(9, 52), { outcome: null, waitSeconds: null, endedAt: null, responseGroupId: 'g2' }),
        callAt(at(10, 45), { outcome: 'answered', waitSeconds: 12, responseGroupId: 'g2', toNumber: '+46812999999' }),
        callAt(at(23, 50), { outcome: 'voicemail', waitSeconds: 5 }),
      ]);
      await store.calls.insertMany(other.id, [callAt(at(9, 0), { outcome: 'answered', responseGroupId: 'g1' })]);

      const summary = await store.calls.summarise(org.id, { from: at(0, 0), to: at(23, 0) });
      expect(summary.slots).toEqual([
        { start: '2026-01-01T09:00:00.000Z', outcome: 'answered', calls: 2 },
        { start: '2026-01-01T09:15:00.000Z', outcome: 'missed', calls: 1 },
        { start: '2026-01-01T09:45:00.000Z', outcome: null, calls: 2 },
        { start: '2026-01-01T09:45:00.000Z', outcome: 'answered', calls: 1 },
        { start: '2026-01-01T10:45:00.000Z', outcome: 'answered', calls: 1 },
      ]);
      expect(summary.waitSeconds).toEqual([
        { seconds: 5, calls: 2 },
        { seconds: 12, calls: 1 },
        { seconds: 40, calls: 1 },
      ]);
      expect(summary.byResponseGroup).toEqual([
        { responseGroupId: 'g1', outcome: 'answered', calls: 2 },
        { responseGroupId: 'g1', outcome: 'missed', calls: 1 },
        { responseGroupId: 'g2', outcome: null, calls: 1 },
        { responseGroupId: 'g2', outcome: 'answered', calls: 2 },
      ]);

      const filtered = await store.calls.summarise(org.id, { number: '46812999999' });
      expect(filtered.slots).toEqual([{ start: '2026-01-01T10:45:00.000Z', outcome: 'answered', calls: 1 }]);
    });

    it('counts the calls of a group each agent answered since an instant, in the organisation only', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      const at = (hh: number) => new Date(Date.UTC(2026, 0, 1, hh, 30)).toISOString();
      await store.calls.insertMany(org.id, [
        callAt(at(8), { responseGroupId: 'g1', answeredByUserId: 'anna' }),
        callAt(at(9), { responseGroupId: 'g1', answeredByUserId: 'anna' }),
        callAt(at(9), { responseGroupId: 'g1', answeredByUserId: 'anna' }),
        callAt(at(10), { responseGroupId: 'g1', answeredByUserId: 'bo' }),
        callAt(at(10), { responseGroupId: 'g1', answeredByUserId: null, outcome: 'abandoned' }),
        callAt(at(10), { responseGroupId: 'g2', answeredByUserId: 'bo' }),
      ]);
      await store.calls.insertMany(other.id, [callAt(at(10), { responseGroupId: 'g1', answeredByUserId: 'bo' })]);
      expect(await store.calls.answeredByAgent(org.id, 'g1', at(9).replace('30:00', '00:00'))).toEqual({
        anna: 2,
        bo: 1,
      });
      expect(await store.calls.answeredByAgent(org.id, 'g1', at(11))).toEqual({});
    });

    it('refuses a cursor it did not make', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await expect(store.calls.search(org.id, { limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        RuleViolation,
      );
    });

    it('records a call as it happens and lists the calls still open', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const started = await store.calls.create(
        org.id,
        callAt(minute(1), {
          endedAt: null,
          outcome: null,
          path: [{ type: 'trunk', id: null, name: 'Carrier', at: minute(1) }],
        }),
      );
      expect((await store.calls.listUnfinished()).map((c) => c.id)).toContain(started.id);
      expect(started.endReason).toBeUndefined();
      const ended = await store.calls.update(org.id, {
        ...started,
        answeredAt: minute(2),
        endedAt: minute(5),
        outcome: 'answered',
        endReason: 'media_timeout',
        talkSeconds: 180,
      });
      expect(ended.endReason).toBe('media_timeout');
      expect(await store.calls.get(org.id, started.id)).toEqual(ended);
      expect(ended.path).toEqual(started.path);
      expect((await store.calls.listUnfinished()).map((c) => c.id)).not.toContain(started.id);
    });

    it('writes only what changed since the record it is given, leaving another writer’s change', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const started = await store.calls.create(org.id, callAt(minute(1), { endedAt: null, outcome: null }));
      const renamed = await store.calls.update(org.id, { ...started, fromName: 'Renamed elsewhere' });
      const ended = await store.calls.update(
        org.id,
        { ...started, endedAt: minute(3), outcome: 'missed', endReason: 'caller_hangup' },
        started,
      );
      expect(ended).toEqual({ ...renamed, endedAt: minute(3), outcome: 'missed', endReason: 'caller_hangup' });
      expect(await store.calls.get(org.id, started.id)).toEqual(ended);
    });

    it('answers an update that changes nothing with the record, and refuses another organisation’s', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      const call = await store.calls.create(org.id, callAt(minute(1)));
      expect(await store.calls.update(org.id, call, call)).toEqual(call);
      await expect(store.calls.update(other.id, call, call)).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.calls.update(other.id, { ...call, outcome: 'answered' }, call)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}
