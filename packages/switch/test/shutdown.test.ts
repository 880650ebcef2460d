import { until } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { call, phone, startWorld, type World } from './switchHarness.ts';

describe('stopping the switch', () => {
  it('hangs up active calls with BYE, closes everything, and may be called twice', async () => {
    const world: World = await startWorld();
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = call(world, world.seed.alice, '1002', 'uac-call-callee-hangs-up.xml');
    const answered = async () =>
      Boolean((await world.seed.store.calls.search(world.seed.organisationId, { limit: 1 })).calls[0]?.answeredAt);
    // Answered, with a dialog on each leg (the caller's exists once its 200 OK is sent).
    await until('the call answered on both legs', async () => {
      const { calls, dialogs, rtpPorts } = world.sw.stats();
      return (
        ((await answered()) && calls === 1 && dialogs === 2 && rtpPorts === 2) ||
        `calls ${calls}, dialogs ${dialogs}, RTP ports ${rtpPorts}`
      );
    });

    await Promise.all([world.sw.stop(), world.sw.stop()]);

    const [callerRun, calleeRun] = await Promise.all([caller, bob.done]);
    expect(callerRun.code, callerRun.output + callerRun.errors).toBe(0);
    expect(calleeRun.code, calleeRun.output + calleeRun.errors).toBe(0);
    expect(world.sw.stats()).toEqual({ calls: 0, transactions: 0, dialogs: 0, rtpPorts: 0, sockets: 0 });
    const record = (await world.seed.store.calls.search(world.seed.organisationId, { limit: 1 })).calls[0]!;
    expect(record.endedAt).not.toBeNull();
    expect(record.outcome).toBe('answered');
    expect(record.endReason).toBe('switch_shutdown');
    // A clean stop leaves no dialog for the next start to end (issue 10).
    expect(await world.seed.store.switchState.listDialogs('default')).toEqual([]);
    await world.seed.store.close();
  });
});
