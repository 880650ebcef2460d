import { createSocket, type RemoteInfo } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './sipp.ts';
import { rtpPcap } from './rtpPcap.ts';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => stopWorld(world));
afterEach(async () => expectNothingLeft(world));

const MARK = Buffer.from('VAXELTEST');

function rtp(seq: number): Buffer {
  const packet = Buffer.alloc(12 + 160, 0xff);
  packet[0] = 0x80;
  packet[1] = 0; // PCMU
  packet.writeUInt16BE(seq, 2);
  packet.writeUInt32BE(seq * 160, 4);
  packet.writeUInt32BE(0xcafe0001, 8);
  MARK.copy(packet, 12);
  return packet;
}

describe('media anchored in the switch', () => {
  it('carries RTP both ways between caller and callee through the switch’s own ports', async () => {
    // Bob's "phone" media is a socket of this test: it must hear Alice's audio, and what it
    // sends must reach Alice, whose sipp echoes it back (-rtp_echo) through the switch again.
    const bobMedia = createSocket('udp4');
    const bobPort = freePort();
    await new Promise<void>((resolve) => bobMedia.bind(bobPort, '127.0.0.1', resolve));
    let fromAlice = 0;
    let echoedBack = 0;
    let switchSide: RemoteInfo | null = null;
    let seq = 0;
    let sender: ReturnType<typeof setInterval> | undefined;
    bobMedia.on('message', (message, from) => {
      if (message.length < 12 + MARK.length) return;
      if (message.subarray(12, 12 + MARK.length).equals(MARK)) echoedBack++;
      else fromAlice++;
      if (!switchSide) {
        switchSide = from;
        sender = setInterval(() => bobMedia.send(rtp(seq++), from.port, from.address), 20);
      }
    });

    const bob = await phone(world, world.seed.bob, 'uas-answer.xml', { keys: { rtpport: String(bobPort) } });
    const aliceMediaPort = freePort();
    freePort(); // sipp also binds video RTP on -mp + 2
    freePort();
    const caller = await call(world, world.seed.alice, '1002', 'uac-call-audio.xml', {
      talkMs: 2500,
      extra: ['-mp', String(aliceMediaPort), '-rtp_echo'],
      files: { 'audio.pcap': rtpPcap(100) },
    });
    clearInterval(sender);
    bobMedia.close();
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);

    expect(switchSide, 'RTP from the switch reached the callee').not.toBeNull();
    expect(switchSide!.port).not.toBe(aliceMediaPort); // it came from the switch, not from Alice directly
    expect(fromAlice).toBeGreaterThan(20);
    expect(echoedBack).toBeGreaterThan(20);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered' });
  });
});
