import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => stopWorld(world));
afterEach(async () => expectNothingLeft(world));

describe('calls between users', () => {
  it('connects Alice to Bob by extension and Alice hangs up', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect(callee.logs).toContain('"Alice" <sip:1001@127.0.0.1>');
    const record = await lastCall(world);
    expect(record).toMatchObject({
      direction: 'internal',
      fromUserId: world.seed.alice.record.id,
      toUserId: world.seed.bob.record.id,
      answeredByUserId: world.seed.bob.record.id,
      outcome: 'answered',
      endReason: 'caller_hangup',
    });
  });
});

describe('keys by SIP INFO (RFC 6086)', () => {
  it('answers the caller’s DTMF INFOs with 200 and an INFO of another type with 415, and the call goes on', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-info.xml');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', answeredByUserId: world.seed.bob.record.id });
  });
});

describe('hanging up and cancelling', () => {
  it('ends the call on both sides when the callee hangs up', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    const caller = call(world, world.seed.alice, '1002', 'uac-call-callee-hangs-up.xml');
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect((await caller).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({
      outcome: 'answered',
      endReason: 'callee_hangup',
      answeredByUserId: world.seed.bob.record.id,
    });
  });

  it('cancels the ringing phone when the caller hangs up first, and logs the call as abandoned', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-ring-cancelled.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-cancel.xml', { talkMs: 300 });
    expect(caller.code, caller.output + caller.errors).toBe(0);
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect(await lastCall(world)).toMatchObject({
      outcome: 'abandoned',
      endReason: 'cancelled',
      answeredAt: null,
      toUserId: world.seed.bob.record.id,
    });
  });
});
