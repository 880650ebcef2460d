import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factoryResponseGroupSettings } from '@vaxel/domain';
import { goertzelPower, tone } from '@vaxel/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaPortFrom, pcmuPackets, RtpParty } from './rtpParty.ts';
import { freePort, runSipp, startSipp } from './sipp.ts';
import { expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/** The RTP timeout of this suite: short, so a vanished peer ends the call soon. */
const RTP_TIMEOUT_SECONDS = 2;
const BOB_HZ = 800;

let world: World;
let folder: string;
beforeAll(async () => {
  world = await startWorld({ rtpTimeoutSeconds: RTP_TIMEOUT_SECONDS });
  folder = mkdtempSync(join(tmpdir(), 'vaxel-media-timeout-'));
});
afterAll(async () => {
  await stopWorld(world);
  rmSync(folder, { recursive: true, force: true });
});

describe('a callee whose media stops (issue 10)', () => {
  it('is hung up by the RTP timeout, and the record ends when its last packet came, as media_timeout', async () => {
    const alicePort = freePort();
    const bobPort = freePort();
    const alice = await RtpParty.open(alicePort);
    const bob = await RtpParty.open(bobPort);
    try {
      // Bob answers, talks for 3 s and vanishes: no more RTP, and the switch's BYE is never answered.
      const bobFile = join(folder, 'bob-port');
      const bobPhone = await phone(world, world.seed.bob, 'uas-answer-talk-vanish.xml', {
        keys: { rtpport: String(bobPort), portfile: bobFile },
      });
      const aliceFile = join(folder, 'alice-port');
      const sipPort = freePort();
      const aliceCall = startSipp({
        scenario: 'uac-call-talk.xml',
        port: sipPort,
        remotePort: world.switchPort,
        service: '1002',
        username: world.seed.alice.username,
        password: world.seed.alice.password,
        keys: { caller: world.seed.alice.username, rtpport: String(alicePort), portfile: aliceFile },
        timeoutSeconds: 60,
      });
      const toAlice = {
        address: '127.0.0.1',
        port: await mediaPortFrom(aliceFile).catch(async (error: unknown) => {
          aliceCall.kill();
          const run = await aliceCall.done;
          throw new Error(`${String(error)}\n${run.output}${run.errors}`);
        }),
      };
      const toBob = { address: '127.0.0.1', port: await mediaPortFrom(bobFile) };
      // Alice talks all along (until the switch hangs up on her), so only Bob's side falls silent.
      const aliceTalking = alice.talk(
        pcmuPackets(tone({ frequencies: [400], durationMs: 20_000, amplitude: 0.3 })),
        toAlice,
      );
      await bob.talk(pcmuPackets(tone({ frequencies: [BOB_HZ], durationMs: 3000, amplitude: 0.3 })), toBob);
      const bobStopped = bob.lastSentAt!;

      const aliceRun = await aliceCall.done;
      expect(aliceRun.code, aliceRun.output + aliceRun.errors).toBe(0);
      await alice.close();
      await aliceTalking;
      expect((await bobPhone.done).code).toBe(0);

      // Audio checked as audio: Alice heard Bob's tone through the switch before he vanished.
      const heard = alice.heard();
      expect(goertzelPower(heard, BOB_HZ)).toBeGreaterThan(10 * goertzelPower(heard, 1500));

      const record = await lastCall(world);
      expect(record).toMatchObject({
        outcome: 'answered',
        endReason: 'media_timeout',
        answeredByUserId: world.seed.bob.record.id,
      });
      // The end is Bob's last packet (within a frame or two of when it was sent), not when the
      // RTP timeout fired nor when the BYE to the vanished phone timed out.
      expect(Math.abs(Date.parse(record.endedAt!) - bobStopped)).toBeLessThanOrEqual(40);
      expect(record.talkSeconds).toBe(3);
      await expectNothingLeft(world);
    } finally {
      await alice.close().catch(() => undefined);
      await bob.close().catch(() => undefined);
    }
  });
});

describe('a caller who vanishes while the switch holds the call (issue 10)', () => {
  it('is hung up by the RTP timeout while waiting in a queue, and the record ends at its silence, as media_timeout', async () => {
    // A group nobody can answer for, whose callers wait (with music) up to five minutes.
    const { store, organisationId } = world.seed;
    const groupNumber = '+46812300070';
    await store.numbers.allocate(organisationId, [{ number: groupNumber, type: 'landline' }]);
    const factory = factoryResponseGroupSettings();
    await store.responseGroups.create(organisationId, {
      name: 'Nobody',
      number: groupNumber,
      billingNumber: groupNumber,
      numericId: '70',
      agents: [],
      supervisorIds: [],
      settings: {
        ...factory,
        queue: { ...factory.queue, whenNoAgents: 'wait', announcePosition: false, maxWaitSeconds: 300 },
      },
    });
    // The caller never sends RTP and waits for the switch's BYE, which it answers 200.
    const run = await runSipp({
      scenario: 'trunk-ivr-caller-silent.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: groupNumber,
      keys: { caller: '+46701110070', rtpport: String(freePort()), payloads: '0 8 101' },
      timeoutSeconds: 60,
    });
    expect(run.code, run.output + run.errors).toBe(0);
    const record = await lastCall(world);
    expect(record).toMatchObject({
      toNumber: groupNumber,
      outcome: 'abandoned',
      endReason: 'media_timeout',
      talkSeconds: 0,
    });
    // Its media was never heard: the end is when the switch began to expect it (the music after
    // the answer), not when the RTP timeout fired.
    expect(Date.parse(record.endedAt!)).toBeGreaterThanOrEqual(Date.parse(record.answeredAt!));
    expect(Date.parse(record.endedAt!) - Date.parse(record.answeredAt!)).toBeLessThan(RTP_TIMEOUT_SECONDS * 1000);
    await expectNothingLeft(world);
  });
});
