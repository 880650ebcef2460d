import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
beforeAll(async () => {
  // One second of RTP silence ends an answered call.
  world = await startWorld({ rtpTimeoutSeconds: 1 });
});
afterAll(async () => stopWorld(world));

describe('a party that vanishes (R78)', () => {
  it('hangs up both sides when no RTP arrives and logs the end of the call', async () => {
    // Neither sipp sends media: to the switch both phones have gone silent.
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-callee-hangs-up.xml');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    await expectNothingLeft(world);
    const record = await lastCall(world);
    expect(record.endedAt).not.toBeNull();
    expect(record).toMatchObject({
      outcome: 'answered',
      endReason: 'media_timeout',
      answeredByUserId: world.seed.bob.record.id,
    });
    expect(record.talkSeconds).toBeLessThanOrEqual(3);
  });

  it('ends the call on both sides when the caller never acknowledges the answer, and logs it as failed', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-no-ack.xml');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'failed', endReason: 'failed', answeredAt: null });
    await expectNothingLeft(world);
  });

  it('closes a call left open by a crash as failed when the switch starts, waiting the whole time (R78, issue 10)', async () => {
    const { store, organisationId } = world.seed;
    const open = await store.calls.create(organisationId, {
      direction: 'internal',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      answeredAt: null,
      endedAt: null,
      fromNumber: '1001',
      fromName: 'Alice',
      toNumber: '1002',
      fromUserId: world.seed.alice.record.id,
      toUserId: null,
      responseGroupId: null,
      ivrMenuId: null,
      answeredByUserId: null,
      outcome: null,
      waitSeconds: null,
      talkSeconds: null,
      path: [],
      recordingId: null,
      emergency: false,
    });
    const { Switch } = await import('../src/index.ts');
    const restarted = new Switch({
      store,
      sipPort: 0,
      bindAddress: '127.0.0.1',
      advertisedAddress: '127.0.0.1',
      rtpPortRange: { min: 26200, max: 26210 },
    });
    await restarted.start();
    await restarted.stop();
    const closed = (await store.calls.get(organisationId, open.id))!;
    expect(closed).toMatchObject({ outcome: 'failed', endReason: 'switch_restart', talkSeconds: 0 });
    expect(closed.endedAt).not.toBeNull();
    // Closed at the restarted instance's last heartbeat (the running world switch shares it), never before the call began.
    expect(Date.parse(closed.endedAt!)).toBeGreaterThanOrEqual(Date.parse(open.startedAt));
    expect(closed.waitSeconds).toBe(Math.round((Date.parse(closed.endedAt!) - Date.parse(open.startedAt)) / 1000));
  });
});
