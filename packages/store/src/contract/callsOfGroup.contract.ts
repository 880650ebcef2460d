import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { callAt, createOrganisation } from './fixtures.ts';

const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 2, hour, minute)).toISOString();

/** R19: the calls a group's figures of today are counted from (`calls.listForGroup`). */
export function callsOfGroupContract(current: () => Store): void {
  describe("a group's calls since a time", () => {
    it('lists the calls of that group from the time on, oldest first, in progress ones included', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(at(9), { responseGroupId: 'group-a', fromName: 'second' }),
        callAt(at(7), { responseGroupId: 'group-a', fromName: 'before' }),
        callAt(at(8), { responseGroupId: 'group-a', fromName: 'first' }),
        callAt(at(10), {
          responseGroupId: 'group-a',
          fromName: 'waiting',
          endedAt: null,
          outcome: null,
          waitSeconds: null,
        }),
      ]);
      const calls = await store.calls.listForGroup(org.id, 'group-a', at(8));
      expect(calls.map((c) => c.fromName)).toEqual(['first', 'second', 'waiting']);
      expect(calls[2]).toMatchObject({ endedAt: null, outcome: null });
    });

    it("leaves out other groups' calls, calls through no group and other organisations' calls", async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      await store.calls.insertMany(org.id, [
        callAt(at(9), { responseGroupId: 'group-a', fromName: 'ours' }),
        callAt(at(9), { responseGroupId: 'group-b', fromName: 'other group' }),
        callAt(at(9), { fromName: 'no group' }),
      ]);
      await store.calls.insertMany(other.id, [
        callAt(at(9), { responseGroupId: 'group-a', fromName: 'other organisation' }),
      ]);
      expect((await store.calls.listForGroup(org.id, 'group-a', at(0))).map((c) => c.fromName)).toEqual(['ours']);
    });

    it('keeps the path, outcome and wait of each call as written', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const path = [
        { type: 'responseGroup' as const, id: 'group-a', name: 'Support', at: at(9) },
        { type: 'callback' as const, id: null, name: '+46701234567', at: at(9, 1) },
      ];
      const written = await store.calls.create(
        org.id,
        callAt(at(9), { responseGroupId: 'group-a', outcome: 'answered', waitSeconds: 42, path }),
      );
      expect(await store.calls.listForGroup(org.id, 'group-a', at(9))).toEqual([written]);
    });
  });
}
