import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goertzelPower, parseWav, RtpPortPool, tone, wavSamples } from '@vaxel/media';
import { createDiskFileStore, type FileStore } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallMediaEvent, PlaybackEnd } from './callMedia.ts';
import { CallMediaSession } from './callMediaSession.ts';
import { MediaPlaneTally } from './mediaPlaneTally.ts';
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

async function open(): Promise<{
  media: CallMediaSession;
  caller: TestPhone;
  events: CallMediaEvent[];
  files: FileStore;
}> {
  const files = createDiskFileStore(folder);
  const media = await CallMediaSession.open({
    pool,
    advertisedAddress: '127.0.0.1',
    inactivityTimeoutMs: 5000,
    files,
    clock,
  });
  const caller = await TestPhone.start('PCMA', 101);
  phones.push(caller);
  media.acceptCallerOffer(caller.sdp(), '127.0.0.1');
  const events: CallMediaEvent[] = [];
  media.on((event) => events.push(event));
  return { media, caller, events, files };
}

async function withCallee(media: CallMediaSession): Promise<TestPhone> {
  const callee = await TestPhone.start('PCMU', 96);
  phones.push(callee);
  media.offerToCallee();
  media.acceptCalleeAnswer(callee.sdp(), '127.0.0.1');
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

  it('places a call on both sides itself (a callback): offers to the caller in the callee’s codec first, and bridges them', async () => {
    const files = createDiskFileStore(folder);
    const media = await CallMediaSession.open({
      pool,
      advertisedAddress: '127.0.0.1',
      inactivityTimeoutMs: 5000,
      files,
      clock,
    });
    const agent = await withCallee(media);
    const offer = media.offerToCaller();
    expect(offer).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    expect(offer).toContain(`m=audio ${media.localPort('caller')} `);
    const customer = await TestPhone.start('PCMA', 101);
    phones.push(customer);
    media.acceptCallerAnswer(customer.sdp(), '127.0.0.1');
    await media.bridge();
    customer.sendAudio(media.localPort('caller'), tone({ frequencies: [697], durationMs: 200 }));
    agent.sendAudio(media.localPort('callee'), tone({ frequencies: [1209], durationMs: 200 }));
    await vi.waitFor(() => expect(agent.heardAudio().length).toBeGreaterThanOrEqual(1600));
    await vi.waitFor(() => expect(customer.heardAudio().length).toBeGreaterThanOrEqual(1600));
    expect(goertzelPower(agent.heardAudio(), 697)).toBeGreaterThan(10 * goertzelPower(agent.heardAudio(), 1209));
    expect(goertzelPower(customer.heardAudio(), 1209)).toBeGreaterThan(10 * goertzelPower(customer.heardAudio(), 697));
    expect(() =>
      media.acceptCallerAnswer('v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 18\r\n', '127.0.0.1'),
    ).toThrow(/no PCMU or PCMA/);
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
    await vi.waitFor(() =>
      expect(events.map((e) => e.type === 'digit' && `${e.digit}:${e.source}`)).toEqual(['#:info', '1:rfc4733']),
    );
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
    await vi.waitFor(() =>
      expect(caller.received.filter((p) => p.payloadType === 8).length).toBeGreaterThanOrEqual(5 + 1),
    );
    const relayedBefore = caller.received.length;

    // The announcement: neither side hears the other while it plays to both.
    const toCaller = media.play('caller', { clips: [beep()], bargeIn: false });
    const toCallee = media.play('callee', { clips: [beep()], bargeIn: false });
    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [440], durationMs: 100 }));
    // The key comes after the audio on the same socket: once it is heard, so was the audio.
    callee.pressKey(media.localPort('callee'), '9');
    await vi.waitFor(() =>
      expect(events).toContainEqual({ type: 'digit', side: 'callee', digit: '9', source: 'rfc4733' }),
    );
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

  it('relays, plays over and detects keys of the parties only: a stranger on their ports is counted and dropped', async () => {
    const tally = new MediaPlaneTally();
    const files = createDiskFileStore(folder);
    const media = await CallMediaSession.open({
      pool,
      advertisedAddress: '127.0.0.1',
      inactivityTimeoutMs: 5000,
      files,
      clock,
      tally,
    });
    const events: CallMediaEvent[] = [];
    media.on((event) => events.push(event));
    const caller = await TestPhone.start('PCMA', 101);
    const callee = await TestPhone.start('PCMU', 96);
    const stranger = await TestPhone.start('PCMU', 96, '127.0.0.9');
    phones.push(caller, callee, stranger);
    media.acceptCallerOffer(caller.sdp(), '127.0.0.1');
    media.offerToCallee();
    media.acceptCalleeAnswer(callee.sdp(), '127.0.0.1');
    await media.bridge();
    // The stranger is first on both ports, with audio and a key.
    for (const side of ['caller', 'callee'] as const) {
      stranger.sendAudio(media.localPort(side), tone({ frequencies: [1800], durationMs: 100 }));
      stranger.pressKey(media.localPort(side), '5');
    }
    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [440], durationMs: 100 }));
    callee.pressKey(media.localPort('callee'), '9');
    await vi.waitFor(() =>
      expect(events).toContainEqual({ type: 'digit', side: 'callee', digit: '9', source: 'rfc4733' }),
    );
    await vi.waitFor(() => expect(tally.drops.strangerPacketsDropped).toBe(2 * (5 + 6)));
    await vi.waitFor(() => expect(caller.received.filter((p) => p.payloadType === 8).length).toBe(5));
    expect(events.filter((e) => e.type === 'digit')).toEqual([
      { type: 'digit', side: 'callee', digit: '9', source: 'rfc4733' },
    ]);
    const heard = caller.heardAudio();
    expect(goertzelPower(heard, 440)).toBeGreaterThan(100 * goertzelPower(heard, 1800));
    expect(stranger.received).toEqual([]);
    await media.close();
    // The plane's figures kept the parties' packets only, and the closed call's stay in them.
    const figures = tally.figures();
    expect(figures.packetsReceived).toBe(5 + 6);
    expect(figures.packetsSent).toBe(caller.received.length + callee.received.length);
    expect(figures).toMatchObject({ packetsLost: 0, strangerPacketsDropped: 22, streamsReceiving: 0 });
  });

  it('says when a side goes silent once media flows, and never before', async () => {
    const { media, events } = await open();
    clock.advance(10_000);
    expect(events).toEqual([]);
    void media.play('caller', { clips: [beep()] });
    advance(6000);
    expect(events).toEqual([{ type: 'inactive', side: 'caller', silentForMs: 5000 }]);
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

  it('records a message until the stop key, leaving the key out, and keeps it', async () => {
    const { media, caller, files, events } = await open();
    const recording = media.recordMessage('caller', { key: 'org/voicemail/m1.wav' }, new AbortController().signal);
    caller.sendAudio(media.localPort('caller'), voice(2000));
    caller.pressKey(media.localPort('caller'), '#');
    const result = await recording;
    expect(result).toMatchObject({ endedBy: 'digit', kept: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(1600);
    expect(result.durationMs).toBeLessThanOrEqual(2000);
    const wav = parseWav((await files.get('org/voicemail/m1.wav'))!);
    expect(wavSamples(wav).length).toBe(result.durationMs * 8);
    expect(events).toContainEqual({ type: 'digit', side: 'caller', digit: '#', source: 'rfc4733' });
    await media.close();
  });

  it('deletes a message shorter than the minimum', async () => {
    const { media, caller, files } = await open();
    const recording = media.recordMessage(
      'caller',
      { key: 'org/voicemail/short.wav', minMs: 1000 },
      new AbortController().signal,
    );
    caller.sendAudio(media.localPort('caller'), voice(600));
    caller.pressKey(media.localPort('caller'), '#');
    expect(await recording).toMatchObject({ endedBy: 'digit', kept: false });
    expect(await files.get('org/voicemail/short.wav')).toBeNull();
    await media.close();
  });

  it('keeps a message when the caller hangs up, and ends one on silence by the clock', async () => {
    const { media, caller, files } = await open();
    const hangUp = new AbortController();
    const first = media.recordMessage('caller', { key: 'org/voicemail/a.wav' }, hangUp.signal);
    caller.sendAudio(media.localPort('caller'), voice(1500));
    caller.pressKey(media.localPort('caller'), '1');
    await vi.waitFor(async () => expect(await recordedMs(files, 'org/voicemail/a.wav')).toBeGreaterThan(0));
    hangUp.abort();
    expect(await first).toMatchObject({ endedBy: 'stopped', kept: true });

    const second = media.recordMessage(
      'caller',
      { key: 'org/voicemail/b.wav', silenceMs: 3000 },
      new AbortController().signal,
    );
    // Silence is timed from when the file is open.
    await vi.waitFor(async () => expect(await files.get('org/voicemail/b.wav')).not.toBeNull());
    clock.advance(3999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await files.get('org/voicemail/b.wav')).not.toBeNull();
    clock.advance(1);
    expect(await second).toMatchObject({ endedBy: 'silence', kept: false, durationMs: 0 });
    await media.close();
  });

  it('records both sides while bridged, the caller on the left and the callee on the right', async () => {
    const { media, caller, files } = await open();
    const callee = await withCallee(media);
    await media.bridge();
    const recording = await media.startRecording({ key: 'org/recordings/r1.wav', channels: 'stereo' });
    for (let i = 0; i < 25; i++) {
      caller.sendAudio(media.localPort('caller'), tone({ frequencies: [600], durationMs: 20 }));
      callee.sendAudio(media.localPort('callee'), tone({ frequencies: [1400], durationMs: 20 }));
      clock.advance(20);
      await vi.waitFor(() =>
        expect(callee.received.length + caller.received.length).toBeGreaterThanOrEqual(2 * (i + 1)),
      );
    }
    clock.advance(400);
    const summary = await recording.stop();
    expect(summary.durationMs).toBeGreaterThanOrEqual(500);
    const wav = parseWav((await files.get('org/recordings/r1.wav'))!);
    expect(wav.channels).toBe(2);
    expect(summary.bytes).toBe(44 + wav.data.length);
    const samples = wavSamples(wav);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    expect(goertzelPower(left, 600)).toBeGreaterThan(100 * goertzelPower(left, 1400));
    expect(goertzelPower(right, 1400)).toBeGreaterThan(100 * goertzelPower(right, 600));
    await media.close();
  });

  it('records the parties only, while a stranger sprays both ports', async () => {
    const { media, caller, files } = await open();
    const callee = await withCallee(media);
    const stranger = await TestPhone.start('PCMU', 96, '127.0.0.9');
    phones.push(stranger);
    await media.bridge();
    const recording = await media.startRecording({ key: 'org/recordings/r3.wav', channels: 'stereo' });
    for (let i = 0; i < 25; i++) {
      for (const side of ['caller', 'callee'] as const)
        stranger.sendAudio(media.localPort(side), tone({ frequencies: [1800], durationMs: 20 }));
      caller.sendAudio(media.localPort('caller'), tone({ frequencies: [600], durationMs: 20 }));
      callee.sendAudio(media.localPort('callee'), tone({ frequencies: [1400], durationMs: 20 }));
      clock.advance(20);
      await vi.waitFor(() =>
        expect(callee.received.length + caller.received.length).toBeGreaterThanOrEqual(2 * (i + 1)),
      );
    }
    clock.advance(400);
    await recording.stop();
    const samples = wavSamples(parseWav((await files.get('org/recordings/r3.wav'))!));
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    expect(goertzelPower(left, 600)).toBeGreaterThan(100 * goertzelPower(left, 1800));
    expect(goertzelPower(right, 1400)).toBeGreaterThan(100 * goertzelPower(right, 1800));
    await media.close();
  });

  it('finishes a running call recording when the media closes', async () => {
    const { media, files } = await open();
    await withCallee(media);
    await media.startRecording({ key: 'org/recordings/r2.wav', channels: 'mixed' });
    clock.advance(1000);
    await media.close();
    const wav = parseWav((await files.get('org/recordings/r2.wav'))!);
    expect(wav.channels).toBe(1);
    expect(wav.data.length).toBe(16000);
  });
});

function voice(ms: number): Int16Array {
  return tone({ frequencies: [300, 900], durationMs: ms, amplitude: 0.3 });
}

async function recordedMs(files: FileStore, key: string): Promise<number> {
  const bytes = await files.get(key);
  return bytes ? (bytes.length - 44) / 16 : 0;
}
