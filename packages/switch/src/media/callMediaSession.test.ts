import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RtpPortPool, tone } from '@vaxel/media';
import { createDiskFileStore } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallMediaEvent, PlaybackEnd } from './callMedia.ts';
import { CallMediaSession } from './callMediaSession.ts';
import { TestPhone } from './testPhone.ts';

let pool: RtpPortPool;
let folder: string;
let clock: FakeClock;
const phones: TestPhone[] = [];

beforeEach(async () => {
  pool = new RtpPortPool({ minPort: 23000, maxPort: 23099, address: '127.0.0.1' });
  folder = await mkdtemp(join(tmpdir(), 'vaxel-call-media-'));
  clock = new FakeClock(1_000_000);
});

afterEach(async () => {
  for (const phone of phones.splice(0)) phone.close();
  expect(pool.inUse).toBe(0);
  pool.close();
  await rm(folder, { recursive: true, force: true });
});

async function open(): Promise<{ media: CallMediaSession; caller: TestPhone; events: CallMediaEvent[] }> {
  const media = await CallMediaSession.open({ pool, advertisedAddress: '127.0.0.1', inactivityTimeoutMs: 5000, files: createDiskFileStore(folder), clock });
  const caller = await TestPhone.start('PCMA', 101);
  phones.push(caller);
  media.acceptCallerOffer(caller.sdp());
  const events: CallMediaEvent[] = [];
  media.on((event) => events.push(event));
  return { media, caller, events };
}

async function withCallee(media: CallMediaSession): Promise<TestPhone> {
  const callee = await TestPhone.start('PCMU', 96);
  phones.push(callee);
  media.offerToCallee();
  media.acceptCalleeAnswer(callee.sdp());
  return callee;
}

/** Moves the fake clock in 20 ms steps so the player's frames go out one by one. */
function advance(ms: number): void {
  for (let t = 0; t < ms; t += 20) clock.advance(20);
}

const beep = () => tone({ frequencies: [1000], durationMs: 200 });

describe('CallMediaSession', () => {
  it('plays clips to the caller in its codec and payload type, paced at 20 ms, and resolves finished', async () => {
    const { media, caller } = await open();
    let end: PlaybackEnd | undefined;
    const playing = media.play('caller', { clips: [beep(), beep()] }).then((e) => (end = e));
    advance(380);
    await vi.waitFor(() => expect(caller.received.length).toBe(20));
    expect(end).toBeUndefined();
    advance(40);
    await playing;
    expect(end).toEqual({ reason: 'finished' });
    expect(caller.received.every((p) => p.payloadType === 8)).toBe(true);
    expect(caller.received[0]!.marker).toBe(true);
    expect(caller.heardAudio().length).toBe(3200);
    await media.close();
  });

  it('stops a playback at the caller’s key (barge-in) and reports the digit once as an event', async () => {
    const { media, caller, events } = await open();
    const playing = media.play('caller', { clips: [beep()], loop: true });
    caller.pressKey(media.localPort('caller'), '5');
    expect(await playing).toEqual({ reason: 'digit', digit: '5' });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'digit', side: 'caller', digit: '5', source: 'rfc4733' }]));
    await media.close();
  });

  it('keeps playing through a key when barge-in is off, and hears SIP INFO digits', async () => {
    const { media, caller, events } = await open();
    let end: PlaybackEnd | undefined;
    const playing = media.play('caller', { clips: [beep()], bargeIn: false }).then((e) => (end = e));
    caller.pressKey(media.localPort('caller'), '1');
    media.injectDigit('caller', '#', 'info');
    await vi.waitFor(() => expect(events.map((e) => e.type === 'digit' && `${e.digit}:${e.source}`)).toEqual(['#:info', '1:rfc4733']));
    expect(end).toBeUndefined();
    advance(200);
    expect(await playing).toEqual({ reason: 'finished' });
    await media.close();
  });

  it('stops the last playback when a new one starts on the same side', async () => {
    const { media } = await open();
    const first = media.play('caller', { clips: [beep()], loop: true });
    const second = media.play('caller', { clips: [beep()] });
    expect(await first).toEqual({ reason: 'stopped' });
    advance(200);
    expect(await second).toEqual({ reason: 'finished' });
    await media.close();
  });

  it('relays both sides when bridged, stopping playback, and pauses the bridge for an announcement', async () => {
    const { media, caller, events } = await open();
    const callee = await withCallee(media);
    const music = media.play('caller', { clips: [beep()], loop: true });
    await media.bridge();
    expect(await music).toEqual({ reason: 'stopped' });

    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [440], durationMs: 100 }));
    await vi.waitFor(() => expect(caller.received.filter((p) => p.payloadType === 8).length).toBeGreaterThanOrEqual(5 + 1));
    const relayedBefore = caller.received.length;

    // The announcement: neither side hears the other while it plays to both.
    const toCaller = media.play('caller', { clips: [beep()], bargeIn: false });
    const toCallee = media.play('callee', { clips: [beep()], bargeIn: false });
    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [440], durationMs: 100 }));
    // The key comes after the audio on the same socket: once it is heard, so was the audio.
    callee.pressKey(media.localPort('callee'), '9');
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'digit', side: 'callee', digit: '9', source: 'rfc4733' }));
    advance(200);
    expect(await toCaller).toEqual({ reason: 'finished' });
    expect(await toCallee).toEqual({ reason: 'finished' });
    await vi.waitFor(() => expect(callee.received.filter((p) => p.payloadType === 0).length).toBe(10));
    expect(caller.received.length - relayedBefore).toBe(10);

    // … and the bridge is back afterwards.
    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [440], durationMs: 100 }));
    await vi.waitFor(() => expect(caller.received.length - relayedBefore).toBe(15));
    await media.unbridge();
    await media.close();
  });

  it('says when a side goes silent once media flows, and never before', async () => {
    const { media, events } = await open();
    clock.advance(10_000);
    expect(events).toEqual([]);
    void media.play('caller', { clips: [beep()] });
    advance(6000);
    expect(events).toEqual([{ type: 'inactive', side: 'caller' }]);
    await media.close();
  });

  it('ends playbacks as stopped and frees its ports on close, which is safe twice', async () => {
    const { media } = await open();
    const playing = media.play('caller', { clips: [beep()], loop: true });
    await Promise.all([media.close(), media.close()]);
    expect(await playing).toEqual({ reason: 'stopped' });
    expect(media.closed).toBe(true);
    expect(await media.play('caller', { clips: [beep()] })).toEqual({ reason: 'stopped' });
    expect(pool.inUse).toBe(0);
  });
});
