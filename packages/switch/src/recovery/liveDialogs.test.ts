import type { LiveDialog, NewLiveDialog } from '@vaxel/store';
import type { StoredDialog } from '@vaxel/sip';
import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../kernel/logger.ts';
import { FakeDialog } from '../signalling/fakeSignalling.ts';
import { LiveDialogs } from './liveDialogs.ts';

const stored = (callId: string): StoredDialog => ({
  callId,
  localTag: 'l',
  remoteTag: 'r',
  role: 'uas',
  local: '<sip:1002@127.0.0.1>;tag=l',
  remote: '<sip:alice@127.0.0.1>;tag=r',
  remoteTarget: 'sip:alice@127.0.0.1:5070',
  routeSet: [],
  localSeq: 0,
  remoteSeq: 2,
  localContact: '<sip:127.0.0.1:5060>',
  flow: { protocol: 'UDP', address: '127.0.0.1', port: 5070 },
});

class MemoryState {
  rows = new Map<string, LiveDialog>();
  #next = 1;
  async saveDialog(dialog: NewLiveDialog): Promise<LiveDialog> {
    const row = { ...dialog, id: `d${this.#next++}` };
    this.rows.set(row.id, row);
    return row;
  }
  async removeDialog(id: string): Promise<void> {
    this.rows.delete(id);
  }
  async listDialogs(instanceId: string): Promise<LiveDialog[]> {
    return [...this.rows.values()].filter((row) => row.instanceId === instanceId);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function dialogStoredAs(value: StoredDialog | null): FakeDialog {
  const dialog = new FakeDialog();
  dialog.storedAs = value;
  return dialog;
}

describe('LiveDialogs (issue 10)', () => {
  it("keeps an answered call's dialogs while it lasts and forgets them when it ends", async () => {
    const state = new MemoryState();
    const live = new LiveDialogs({ state, instanceId: 'sw1', clock: new FakeClock(0), logger: silentLogger });
    const forget = live.keep('org1', 'call1', [
      dialogStoredAs(stored('a')),
      dialogStoredAs(stored('b')),
      dialogStoredAs(null),
    ]);
    await settle();
    expect(
      [...state.rows.values()].map((row) => [row.instanceId, row.organisationId, row.callId, row.dialog.callId]),
    ).toEqual([
      ['sw1', 'org1', 'call1', 'a'],
      ['sw1', 'org1', 'call1', 'b'],
    ]);
    forget();
    forget();
    await settle();
    expect(state.rows.size).toBe(0);
  });

  it('sends each dialog a previous run left a BYE and forgets it, also when the phone does not answer', async () => {
    const state = new MemoryState();
    await state.saveDialog({
      instanceId: 'sw1',
      organisationId: 'org1',
      callId: 'call1',
      dialog: { ...stored('a') },
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    await state.saveDialog({
      instanceId: 'sw1',
      organisationId: 'org1',
      callId: 'call1',
      dialog: { ...stored('b') },
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    await state.saveDialog({
      instanceId: 'sw2',
      organisationId: 'org1',
      callId: 'call2',
      dialog: { ...stored('c') },
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    const live = new LiveDialogs({ state, instanceId: 'sw1', clock: new FakeClock(0), logger: silentLogger });
    const left = await live.leftOver();
    const byes: string[] = [];
    await live.end(left, {
      byeStored: async (dialog) => (byes.push(dialog.callId), dialog.callId === 'a' ? 200 : 408),
    });
    expect(byes.sort()).toEqual(['a', 'b']);
    expect([...state.rows.values()].map((row) => row.dialog.callId)).toEqual(['c']);
  });
});
