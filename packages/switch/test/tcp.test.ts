import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runSipp } from './sipp.ts';
import { expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => stopWorld(world));
afterEach(async () => expectNothingLeft(world));

describe('SIP over TCP (R70)', () => {
  it('registers a phone over TCP', async () => {
    const port = freePort();
    const run = await runSipp({
      scenario: 'register.xml',
      port,
      remotePort: world.switchPort,
      service: 'alice',
      username: 'alice',
      password: world.seed.alice.password,
      keys: { expires: '600' },
      transport: 't1',
    });
    expect(run.code, run.output + run.errors).toBe(0);
    const devices = await world.sw.onlineDevices(world.seed.organisationId, world.seed.alice.record.id);
    expect(devices[0]!.source).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
  });

  it('places a call over TCP to a phone on UDP', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await runSipp({
      scenario: 'uac-call.xml',
      port: freePort(),
      remotePort: world.switchPort,
      service: '1002',
      username: 'alice',
      password: world.seed.alice.password,
      keys: { caller: 'alice', rtpport: String(freePort()) },
      pauseMs: 300,
      transport: 't1',
    });
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', answeredByUserId: world.seed.bob.record.id });
  });
});
