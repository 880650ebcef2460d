import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Switch } from '../src/index.ts';
import { seed, type Seed } from './fixtures.ts';
import { freePort, runSipp } from './sipp.ts';

let world: Seed;
let sw: Switch;
let switchPort: number;

beforeAll(async () => {
  world = await seed({ trunkPort: freePort() });
  switchPort = freePort();
  sw = new Switch({
    store: world.store,
    sipPort: switchPort,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange: { min: 26000, max: 26100 },
    sipTimers: { T1: 50, T2: 400, T4: 200, timerD: 3200 },
    // sipp 3.6 answers only the first challenge and only with MD5.
    digestAlgorithms: ['MD5', 'SHA-256'],
  });
  await sw.start();
});

afterAll(async () => {
  await sw.stop();
  await world.store.close();
});

async function settled(): Promise<void> {
  for (let i = 0; i < 100 && sw.stats().transactions > 0; i++) await new Promise((r) => setTimeout(r, 50));
}

afterEach(async () => {
  await settled();
  expect(sw.stats()).toMatchObject({ calls: 0, transactions: 0, dialogs: 0, rtpPorts: 0 });
});

describe('registrar with sipp', () => {
  it('registers a phone that answers the digest challenge with the right password', async () => {
    const port = freePort();
    const run = await runSipp({
      scenario: 'register.xml',
      port,
      remotePort: switchPort,
      service: 'alice',
      username: 'alice',
      password: world.alice.password,
      keys: { expires: '600' },
    });
    expect(run.code, run.output + run.errors).toBe(0);
    const devices = await sw.onlineDevices(world.organisationId, world.alice.record.id);
    expect(devices).toMatchObject([
      { contact: `sip:alice@127.0.0.1:${port}`, source: `udp:127.0.0.1:${port}`, userAgent: 'sipp' },
    ]);
  });

  it('unregisters the phone with Expires: 0', async () => {
    const port = freePort();
    await runSipp({
      scenario: 'register.xml',
      port,
      remotePort: switchPort,
      service: 'bob',
      username: 'bob',
      password: world.bob.password,
      keys: { expires: '600' },
    });
    expect(await sw.onlineDevices(world.organisationId, world.bob.record.id)).toHaveLength(1);
    const run = await runSipp({
      scenario: 'register.xml',
      port,
      remotePort: switchPort,
      service: 'bob',
      username: 'bob',
      password: world.bob.password,
      keys: { expires: '0' },
    });
    expect(run.code, run.output + run.errors).toBe(0);
    expect(await sw.onlineDevices(world.organisationId, world.bob.record.id)).toEqual([]);
  });

  it('challenges a wrong password again and binds nothing', async () => {
    const run = await runSipp({
      scenario: 'register-wrong-password.xml',
      port: freePort(),
      remotePort: switchPort,
      service: 'carol',
      username: 'carol',
      password: 'not the password at all',
    });
    expect(run.code, run.output + run.errors).toBe(0);
    expect(await sw.onlineDevices(world.organisationId, world.carol.record.id)).toEqual([]);
  });
});
