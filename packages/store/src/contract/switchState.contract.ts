import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { createOrganisation } from './fixtures.ts';

const second = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString();

/** Issue 10: the switch's heartbeat and live dialogs (0013). */
export function switchStateContract(current: () => Store): void {
  describe('switch state', () => {
    it('keeps one heartbeat per instance, the latest written', async () => {
      const store = current();
      expect(await store.switchState.lastHeartbeat('a')).toBeNull();
      await store.switchState.heartbeat('a', second(1));
      await store.switchState.heartbeat('b', second(2));
      await store.switchState.heartbeat('a', second(5));
      expect(await store.switchState.lastHeartbeat('a')).toBe(second(5));
      expect(await store.switchState.lastHeartbeat('b')).toBe(second(2));
    });

    it("keeps each instance's live dialogs until removed, as written", async () => {
      const store = current();
      const org = await createOrganisation(store);
      const dialog = {
        callId: 'abc@127.0.0.1',
        localTag: 'x',
        remoteTag: 'y',
        routeSet: ['<sip:p1;lr>'],
        cseq: 7,
        remote: { address: '127.0.0.2', port: 5070 },
      };
      const first = await store.switchState.saveDialog({
        instanceId: 'a',
        organisationId: org.id,
        callId: 'call-1',
        dialog,
        createdAt: second(1),
      });
      const second_ = await store.switchState.saveDialog({
        instanceId: 'a',
        organisationId: org.id,
        callId: 'call-1',
        dialog: { ...dialog, localTag: 'z' },
        createdAt: second(2),
      });
      await store.switchState.saveDialog({
        instanceId: 'b',
        organisationId: org.id,
        callId: 'call-2',
        dialog,
        createdAt: second(1),
      });
      expect(await store.switchState.listDialogs('a')).toEqual([first, second_]);
      expect(first.dialog).toEqual(dialog);
      await store.switchState.removeDialog(first.id);
      await store.switchState.removeDialog(first.id);
      expect((await store.switchState.listDialogs('a')).map((d) => d.id)).toEqual([second_.id]);
      expect(await store.switchState.listDialogs('b')).toHaveLength(1);
    });
  });
}
