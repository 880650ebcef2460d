import { createSocket, type RemoteInfo } from 'node:dgram';
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baresip } from './baresip.ts';
import { freePort, runSipp } from './sipp.ts';
import { expectNothingLeft, lastCall, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
let bob: Baresip;
beforeAll(async () => {
  // baresip 1.0 (libre) gives up on a REGISTER challenge that includes SHA-256 at all (ENOSYS).
  world = await startWorld({ digestAlgorithms: ['MD5'] });
  bob = new Baresip({
    sipPort: freePort(),
    switchPort: world.switchPort,
    user: 'bob',
    password: world.seed.bob.password,
  });
});
afterAll(async () => {
  await bob.stop();
  bob.cleanUp();
  await stopWorld(world);
});

/** Decodes G.711 µ-law (ITU-T G.711) to 16-bit linear. */
function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

describe('a real softphone (baresip)', () => {
  it('registers, answers a call and exchanges audio through the switch', async () => {
    bob.start();
    // Not reaching it fails just below, with baresip's output.
    await until(
      'baresip registered',
      async () => (await world.sw.onlineDevices(world.seed.organisationId, world.seed.bob.record.id)).length > 0,
    ).catch(() => undefined);
    const devices = await world.sw.onlineDevices(world.seed.organisationId, world.seed.bob.record.id);
    expect(devices, bob.output).toHaveLength(1);
    expect(devices[0]!.userAgent).toMatch(/baresip/i);

    // Alice's media is this test's socket: it must hear Bob's 440 Hz tone, and sends a tone back.
    const aliceMedia = createSocket('udp4');
    const alicePort = freePort();
    await new Promise<void>((resolve) => aliceMedia.bind(alicePort, '127.0.0.1', resolve));
    const heard: number[] = [];
    let from: RemoteInfo | null = null;
    let seq = 0;
    let sender: ReturnType<typeof setInterval> | undefined;
    aliceMedia.on('message', (message, rinfo) => {
      if (message.length <= 12 || (message[1]! & 0x7f) !== 0) return;
      for (const byte of message.subarray(12)) heard.push(ulaw(byte));
      if (!from) {
        from = rinfo;
        sender = setInterval(() => {
          const packet = Buffer.alloc(12 + 160);
          packet[0] = 0x80;
          packet.writeUInt16BE(seq, 2);
          packet.writeUInt32BE(seq * 160, 4);
          packet.writeUInt32BE(0xa11ce, 8);
          // 1 kHz tone, µ-law encoded roughly: alternate between two loud code words.
          for (let i = 0; i < 160; i++) packet[12 + i] = i % 8 < 4 ? 0x8f : 0x0f;
          seq++;
          aliceMedia.send(packet, rinfo.port, rinfo.address);
        }, 20);
      }
    });

    const caller = await runSipp({
      scenario: 'uac-call.xml',
      port: freePort(),
      remotePort: world.switchPort,
      service: '1002',
      username: 'alice',
      password: world.seed.alice.password,
      keys: { caller: 'alice', rtpport: String(alicePort) },
      pauseMs: 3000,
    });
    clearInterval(sender);
    aliceMedia.close();
    expect(caller.code, caller.output + caller.errors + bob.output).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', answeredByUserId: world.seed.bob.record.id });

    // Bob → Alice: a tone, not silence.
    expect(heard.length).toBeGreaterThan(8000);
    const loud = heard.filter((s) => Math.abs(s) > 1000).length;
    expect(loud / heard.length).toBeGreaterThan(0.3);

    // Alice → Bob: baresip decoded non-silent audio.
    await bob.stop();
    const dumps = bob.receivedAudio();
    expect(dumps.length, bob.output).toBeGreaterThan(0);
    const pcm = dumps[0]!.subarray(44);
    let loudSamples = 0;
    for (let i = 0; i + 1 < pcm.length; i += 2) if (Math.abs(pcm.readInt16LE(i)) > 1000) loudSamples++;
    expect(loudSamples).toBeGreaterThan(4000);
    await expectNothingLeft(world);
  });
});
