import { until } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => stopWorld(world));
afterEach(async () => {
  await expectNothingLeft(world);
  await world.seed.store.users.setRoutingOverrides(world.seed.organisationId, world.seed.bob.record.id, {}, null);
});

const bobsRouting = (overrides: Parameters<World['seed']['store']['users']['setRoutingOverrides']>[2]) =>
  world.seed.store.users.setRoutingOverrides(world.seed.organisationId, world.seed.bob.record.id, overrides, null);

describe('rejected calls (R34)', () => {
  it('answers the caller with busy tone (486) when the callee rejects and the rule says busy tone', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-busy.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-refused.xml');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect(caller.logs).toContain('status:486');
    expect((await bob.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'rejected', toUserId: world.seed.bob.record.id });
  });

  it('applies a rule saved just before the call: the rejected call goes to Carol (R81)', async () => {
    await bobsRouting({ rejectedDestination: { type: 'user', userId: world.seed.carol.record.id } });
    const bob = await phone(world, world.seed.bob, 'uas-busy.xml');
    const carol = await phone(world, world.seed.carol, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect((await carol.done).code).toBe(0);
    const record = await lastCall(world);
    expect(record).toMatchObject({
      outcome: 'answered',
      toUserId: world.seed.bob.record.id,
      answeredByUserId: world.seed.carol.record.id,
    });
    expect(record.path.map((s) => s.name)).toEqual(['Bob', 'Carol']);
  });
});

describe('unanswered calls (R32)', () => {
  it('forwards to the unanswered destination when the ring time runs out', async () => {
    await bobsRouting({ ringSeconds: 5, unansweredDestination: { type: 'user', userId: world.seed.carol.record.id } });
    const bob = await phone(world, world.seed.bob, 'uas-ring-cancelled.xml');
    const carol = await phone(world, world.seed.carol, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect((await carol.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', answeredByUserId: world.seed.carol.record.id });
  });

  it('sends a call nobody can answer to the user’s voicemail, and logs a caller who hangs up there without a message as missed', async () => {
    await world.seed.store.registrations.removeExpired(new Date(Date.now() + 86_400_000).toISOString());
    const caller = await call(world, world.seed.alice, '1003', 'uac-call.xml', { talkMs: 500 });
    expect(caller.code, caller.output + caller.errors).toBe(0);
    const record = await lastCall(world);
    expect(record).toMatchObject({ outcome: 'missed', toUserId: world.seed.carol.record.id });
    expect(record.path.map((step) => `${step.type}:${step.name}`)).toEqual(['user:Carol', 'voicemail:Carol']);
    expect(
      await world.seed.store.voicemail.list(world.seed.organisationId, {
        type: 'user',
        userId: world.seed.carol.record.id,
      }),
    ).toEqual([]);
  });
});

describe('busy users and call waiting (R33)', () => {
  it('sends a second call to the busy destination without ringing when call waiting is off', async () => {
    await bobsRouting({ callWaiting: false, busyDestination: { type: 'busyTone' } });
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const first = call(world, world.seed.alice, '1002', 'uac-call.xml', { talkMs: 2500 });
    // Bob is busy once he has answered the first call (and it has not ended).
    await until('Bob answered the first call', async () => {
      const [newest] = (await world.seed.store.calls.search(world.seed.organisationId, { limit: 1 })).calls;
      return world.sw.stats().calls === 1 && Boolean(newest?.answeredAt) && newest?.endedAt === null;
    });
    const second = await call(world, world.seed.carol, '1002', 'uac-call-refused.xml');
    expect(second.code, second.output + second.errors).toBe(0);
    expect(second.logs).toContain('status:486');
    expect((await first).code).toBe(0);
    expect((await bob.done).code).toBe(0);
    const calls = (await world.seed.store.calls.search(world.seed.organisationId, { limit: 2 })).calls;
    expect(calls.map((c) => c.outcome).sort()).toEqual(['answered', 'busy']);
  });
});

describe('hold and resume', () => {
  it('relays the caller’s hold and resume re-INVITEs to the callee with the switch’s SDP', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer-hold.xml');
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-hold.xml');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect(caller.logs).toContain('answer 3:a=recvonly');
    expect(caller.logs).toContain('answer 4:a=sendrecv');
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect(callee.logs).toContain('offer 1:a=sendonly');
    expect(callee.logs).toContain('offer 2:a=sendrecv');
  });
});
