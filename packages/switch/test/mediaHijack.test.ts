import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeG711, goertzelPower, tone } from '@vaxel/media';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PcapRtp } from './dtmfPcap.ts';
import { mediaPortFrom, RtpParty } from './rtpParty.ts';
import { freePort, startSipp } from './sipp.ts';
import { expectNothingLeft, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * Issue 10, "Media": RTP ports that latched onto whoever sent first let a stranger spraying the
 * port range take a call's audio. Real calls (a carrier's caller through the loopback trunk from
 * 127.0.0.2, Bob's registered phone on 127.0.0.1, both sipp), each party's audio a socket of this
 * test; a stranger on 127.0.0.9 sends a 1,800 Hz tone to every port of the switch's RTP range.
 * Checked as audio (Goertzel): each far end hears the other's tone and never the stranger's.
 */
const CALLER_HZ = 440;
const CALLEE_HZ = 660;
const STRANGER_HZ = 1800;
const STRANGER_ADDRESS = '127.0.0.9';

let world: World;
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-media-hijack-'));
  world = await startWorld();
});
afterAll(async () => {
  await stopWorld(world);
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => expectNothingLeft(world));

/** 20 ms PCMU frames of `audio` from the start, for a party to talk. */
function audioPackets(audio: Int16Array): PcapRtp[] {
  const packets: PcapRtp[] = [];
  for (let frame = 0; (frame + 1) * 160 <= audio.length; frame++) {
    const payload = encodeG711('PCMU', audio.subarray(frame * 160, frame * 160 + 160));
    packets.push({
      atMs: frame * 20,
      payloadType: 0,
      marker: frame === 0,
      sequenceNumber: 100 + frame,
      timestamp: frame * 160,
      payload,
    });
  }
  return packets;
}

const toneFor = (hz: number, ms: number) => tone({ frequencies: [hz], durationMs: ms, amplitude: 0.3 });

/** The share of a frame's power at `hz` (1 for a pure tone there, near 0 for other sound). */
function toneShare(samples: Int16Array, hz: number): number {
  let energy = 0;
  for (const s of samples) energy += s * s;
  return energy === 0 ? 0 : (2 * goertzelPower(samples, hz)) / (samples.length * energy);
}

/** How many 20 ms frames of what a party heard carry mostly `hz`. */
function framesOf(heard: Int16Array, hz: number): number {
  let frames = 0;
  for (let f = 0; (f + 1) * 160 <= heard.length; f++)
    if (toneShare(heard.subarray(f * 160, (f + 1) * 160), hz) > 0.5) frames++;
  return frames;
}

/** Energy at `hz` over everything heard, relative to all of its energy (0 when the tone is absent). */
const shareOver = (heard: Int16Array, hz: number) => toneShare(heard, hz);

/**
 * A stranger on 127.0.0.9 sending RTP (a 1,800 Hz tone, PCMU, 20 ms frames) and RTCP-looking
 * datagrams to every port of the switch's range, every 20 ms, from now until stopped.
 */
async function strangerSpraying(range: {
  min: number;
  max: number;
}): Promise<{ sent(): number; stop(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  socket.on('error', () => {}); // a port without a call answers ICMP unreachable; nothing to do
  await new Promise<void>((resolve) => socket.bind(0, STRANGER_ADDRESS, resolve));
  const audio = toneFor(STRANGER_HZ, 20);
  const payload = encodeG711('PCMU', audio);
  let seq = 0;
  let sent = 0;
  const timer = setInterval(() => {
    seq++;
    const rtp = Buffer.alloc(12 + payload.length);
    rtp[0] = 0x80;
    rtp[1] = 0;
    rtp.writeUInt16BE(seq & 0xffff, 2);
    rtp.writeUInt32BE((seq * 160) >>> 0, 4);
    rtp.writeUInt32BE(0x5eeded, 8);
    Buffer.from(payload).copy(rtp, 12);
    for (let port = range.min; port <= range.max; port++) {
      socket.send(rtp, port, '127.0.0.1');
      sent++;
    }
  }, 20);
  return {
    sent: () => sent,
    stop: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

let calls = 0;

/**
 * The carrier's caller (127.0.0.2) calls Bob, whose phone answers; once the call is up each party
 * talks its tone for `talkMs` to the switch's media port and keeps what it heard. Bob's phone
 * (`natted`) or the caller (`callerNatted`) may be behind NAT: its SDP then names that address,
 * and its audio comes from where its SIP comes from, on another port than the SDP says.
 */
async function talkingCall(talkMs: number, natted?: { sdpAddress: string }, callerNatted?: { sdpAddress: string }) {
  const n = ++calls;
  const callerPort = freePort();
  const calleePort = freePort();
  const caller = await RtpParty.open(callerPort, '127.0.0.2');
  const callee = await RtpParty.open(calleePort);
  const callerFile = join(folder, `caller-${n}.port`);
  const calleeFile = join(folder, `callee-${n}.port`);
  // Behind NAT the SDP names a port nothing listens on: the switch can reach the phone only by
  // learning where its packets come from.
  const bob = natted
    ? await phone(world, world.seed.bob, 'uas-answer-talk-natted.xml', {
        keys: { sdpaddress: natted.sdpAddress, rtpport: String(freePort()), portfile: calleeFile },
      })
    : await phone(world, world.seed.bob, 'uas-answer-talk.xml', {
        keys: { rtpport: String(calleePort), portfile: calleeFile },
      });
  const carrier = startSipp({
    scenario: callerNatted ? 'trunk-inbound-talk-natted.xml' : 'trunk-inbound-talk.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: world.seed.numbers.bobLandline,
    keys: {
      caller: '+46701112233',
      rtpport: String(callerNatted ? freePort() : callerPort),
      portfile: callerFile,
      ...(callerNatted ? { sdpaddress: callerNatted.sdpAddress } : {}),
    },
    pauseMs: talkMs + 500,
  });
  let toCaller: number;
  let toCallee: number;
  try {
    [toCaller, toCallee] = await Promise.all([mediaPortFrom(callerFile), mediaPortFrom(calleeFile)]);
  } catch (error) {
    carrier.kill();
    bob.kill();
    const [c, b] = [await carrier.done, await bob.done];
    throw new Error(`${String(error)}\ncaller: ${c.output}${c.errors}\nphone: ${b.output}${b.errors}`);
  }
  await Promise.all([
    caller.talk(audioPackets(toneFor(CALLER_HZ, talkMs)), { address: '127.0.0.1', port: toCaller }),
    callee.talk(audioPackets(toneFor(CALLEE_HZ, talkMs)), { address: '127.0.0.1', port: toCallee }),
  ]);
  const [carrierRun, calleeRun] = [await carrier.done, await bob.done];
  expect(carrierRun.code, carrierRun.output + carrierRun.errors).toBe(0);
  expect(calleeRun.code, calleeRun.output + calleeRun.errors).toBe(0);
  await caller.close();
  await callee.close();
  return { callerHeard: caller.heard(), calleeHeard: callee.heard() };
}

/** Each far end heard the other's tone for most of the talk, and nothing of the stranger's. */
function expectOnlyEachOther(heard: { callerHeard: Int16Array; calleeHeard: Int16Array }, talkMs: number): void {
  const talkFrames = talkMs / 20;
  for (const [who, samples, otherHz] of [
    ['caller', heard.callerHeard, CALLEE_HZ],
    ['callee', heard.calleeHeard, CALLER_HZ],
  ] as const) {
    expect(framesOf(samples, otherHz), `${who} hears the other party's ${otherHz} Hz`).toBeGreaterThan(
      talkFrames * 0.8,
    );
    expect(framesOf(samples, STRANGER_HZ), `${who} hears none of the stranger's ${STRANGER_HZ} Hz`).toBe(0);
    expect(shareOver(samples, STRANGER_HZ), `${who}: energy at ${STRANGER_HZ} Hz`).toBeLessThan(0.001);
  }
}

describe('a stranger spraying the RTP port range (issue 10)', () => {
  it('does not get into a call: each party hears only the other, and the switch counts what it dropped', async () => {
    const before = world.sw.mediaStats().strangerPacketsDropped;
    // The spray starts before the call, so the stranger is first on every port the call gets.
    const stranger = await strangerSpraying(world.rtpPortRange);
    let heard;
    try {
      heard = await talkingCall(3000);
    } finally {
      await stranger.stop();
    }
    expectOnlyEachOther(heard, 3000);
    // The call's four ports (RTP and RTCP of each side) took the spray for the whole call.
    expect(world.sw.mediaStats().strangerPacketsDropped - before).toBeGreaterThan(4 * 100);
    expect(stranger.sent()).toBeGreaterThan(0);
  });
});

describe('a phone behind NAT (its SDP names an address its packets do not come from)', () => {
  it('gets two-way audio: the switch learns where its media comes from, on the host its SIP came from', async () => {
    const heard = await talkingCall(3000, { sdpAddress: '127.0.0.50' });
    expectOnlyEachOther(heard, 3000);
  });

  it('calling in, gets two-way audio too, and is not captured by a stranger who sends first', async () => {
    const before = world.sw.mediaStats().strangerPacketsDropped;
    const stranger = await strangerSpraying(world.rtpPortRange);
    let heard;
    try {
      heard = await talkingCall(3000, undefined, { sdpAddress: '127.0.0.60' });
    } finally {
      await stranger.stop();
    }
    expectOnlyEachOther(heard, 3000);
    expect(world.sw.mediaStats().strangerPacketsDropped - before).toBeGreaterThan(4 * 100);
  });

  it('is not captured by a stranger who sends to its port before the phone does', async () => {
    const before = world.sw.mediaStats().strangerPacketsDropped;
    const stranger = await strangerSpraying(world.rtpPortRange);
    let heard;
    try {
      heard = await talkingCall(3000, { sdpAddress: '127.0.0.50' });
    } finally {
      await stranger.stop();
    }
    expectOnlyEachOther(heard, 3000);
    expect(world.sw.mediaStats().strangerPacketsDropped - before).toBeGreaterThan(4 * 100);
  });
});
