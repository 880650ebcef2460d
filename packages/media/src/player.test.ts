import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import type { Clock, TimerHandle } from './clock.ts';
import { AudioError, InvalidStateError } from './errors.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import { Player, type RtpSender } from './player.ts';
import { RtpPacket } from './rtp-packet.ts';
import { RtpStreamRewriter } from './rtp-stream-rewriter.ts';
import { pcm16Wav, writeWav } from './wav.ts';

class FakeSender implements RtpSender {
  readonly sent: RtpPacket[] = [];
  closed = false;
  send(packet: RtpPacket): boolean {
    this.sent.push(packet);
    return true;
  }
}

/** A clock whose timers fire late: time jumps, then whatever is due fires once. */
class StallingClock implements Clock {
  #now = 0;
  #nextId = 1;
  #timers: Array<{ handle: TimerHandle; callback: () => void }> = [];
  now(): number {
    return this.#now;
  }
  setTimeout(callback: () => void): TimerHandle {
    const handle = { id: this.#nextId++ };
    this.#timers.push({ handle, callback });
    return handle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.handle !== handle);
  }
  stallThenFire(ms: number): void {
    this.#now += ms;
    const due = this.#timers.splice(0);
    for (const timer of due) timer.callback();
  }
}

function ramp(samples: number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = (i % 160) * 50;
  return out;
}

describe('Player', () => {
  it('sends 20 ms frames paced by the clock with timestamps 160 apart and the marker on the first', () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, ramp(800), { codec: 'PCMU', clock });
    player.start();
    expect(sender.sent).toHaveLength(1);
    clock.advance(19);
    expect(sender.sent).toHaveLength(1);
    clock.advance(1);
    expect(sender.sent).toHaveLength(2);
    clock.advance(60);
    expect(sender.sent).toHaveLength(5);
    const [first, ...rest] = sender.sent;
    expect(first!.marker).toBe(true);
    expect(first!.payloadType).toBe(0);
    expect(rest.every((p) => !p.marker)).toBe(true);
    rest.forEach((p, i) => {
      expect((p.timestamp - first!.timestamp) >>> 0).toBe((i + 1) * 160);
      expect((p.sequenceNumber - first!.sequenceNumber) & 0xffff).toBe(i + 1);
      expect(p.ssrc).toBe(first!.ssrc);
      expect(p.payload).toHaveLength(160);
    });
  });

  it('ends after the last frame, padding it with silence', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, ramp(200), { codec: 'PCMA', clock });
    const reasons: string[] = [];
    player.on('done', (r) => reasons.push(r));
    player.start();
    clock.advance(100);
    expect(sender.sent).toHaveLength(2);
    expect(sender.sent[1]!.payloadType).toBe(8);
    const tail = decodeG711('PCMA', sender.sent[1]!.payload);
    expect(Math.abs(tail[39]!)).toBeGreaterThan(0);
    expect([...tail.subarray(40)].every((s) => Math.abs(s) <= 8)).toBe(true);
    expect(reasons).toEqual(['ended']);
    expect(await player.done).toBe('ended');
    expect(clock.pendingTimers).toBe(0);
  });

  it('loops until stopped', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, ramp(160), { codec: 'PCMU', clock, loop: true });
    player.start();
    clock.advance(1000);
    expect(sender.sent).toHaveLength(51);
    expect([...sender.sent[50]!.payload]).toEqual([...sender.sent[0]!.payload]);
    player.stop();
    player.stop();
    clock.advance(1000);
    expect(sender.sent).toHaveLength(51);
    expect(await player.done).toBe('stopped');
    expect(player.state).toBe('done');
  });

  it('skips frames it is too late for instead of bursting them, keeping the timestamp on time', () => {
    const clock = new StallingClock();
    const sender = new FakeSender();
    const player = new Player(sender, ramp(8000), { codec: 'PCMU', clock });
    player.start();
    clock.stallThenFire(500);
    expect(sender.sent).toHaveLength(2);
    expect((sender.sent[1]!.timestamp - sender.sent[0]!.timestamp) >>> 0).toBe(25 * 160);
    clock.stallThenFire(20);
    expect(sender.sent).toHaveLength(3);
    expect((sender.sent[2]!.timestamp - sender.sent[1]!.timestamp) >>> 0).toBe(160);
    player.stop();
  });

  it('stops when the sender closes', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, ramp(8000), { codec: 'PCMU', clock });
    player.start();
    sender.closed = true;
    clock.advance(20);
    expect(await player.done).toBe('stopped');
  });

  it('cannot be started twice', () => {
    const player = new Player(new FakeSender(), ramp(160), { codec: 'PCMU', clock: new FakeClock() });
    player.start();
    expect(() => player.start()).toThrow(InvalidStateError);
    player.stop();
  });

  it('plays 8 kHz mono WAVE files and refuses other formats', () => {
    const sender = new FakeSender();
    const mulaw = writeWav({ encoding: 'mulaw', sampleRate: 8000, channels: 1, data: new Uint8Array(320).fill(0xff) });
    const player = Player.fromWav(sender, mulaw, { codec: 'PCMU', clock: new FakeClock() });
    player.start();
    expect([...sender.sent[0]!.payload].every((b) => b === 0xff)).toBe(true);
    player.stop();
    expect(() => Player.fromWav(sender, pcm16Wav(new Int16Array(10), 16000), { codec: 'PCMU' })).toThrow(AudioError);
  });

  it('plays several clips back to back as one stream, a frame straddling two clips without silence between', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const first = constant(250, 4000);
    const second = constant(170, -4000);
    const player = new Player(sender, [first, new Int16Array(0), second], { codec: 'PCMU', clock });
    player.start();
    clock.advance(200);
    expect(await player.done).toBe('ended');
    // 420 samples: frames of 160, 160 and 100 (+ 60 of padding), never a frame of padding between.
    expect(sender.sent).toHaveLength(3);
    const heard = sender.sent.flatMap((p) => [...decodeG711('PCMU', p.payload)]);
    const expected = [
      ...decodeG711('PCMU', encodeG711('PCMU', first)),
      ...decodeG711('PCMU', encodeG711('PCMU', second)),
    ];
    expect(heard.slice(0, 420)).toEqual(expected);
    expect(sender.sent.map((p) => p.marker)).toEqual([true, false, false]);
    sender.sent.forEach((p, i) => expect((p.timestamp - sender.sent[0]!.timestamp) >>> 0).toBe(i * 160));
  });

  it('loops a sequence of clips from its first clip (music on hold)', () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, [constant(160, 1000), constant(160, -1000)], {
      codec: 'PCMA',
      clock,
      loop: true,
    });
    player.start();
    clock.advance(60);
    player.stop();
    const levels = sender.sent.map((p) => Math.sign(decodeG711('PCMA', p.payload)[0]!));
    expect(levels).toEqual([1, -1, 1, -1]);
  });

  it('starts at a sample offset across clips, wrapping around when it loops (music on hold resumed)', () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const clips = [constant(160, 1000), constant(160, -1000), constant(160, 3000)];
    // 400 samples in: 80 samples into the third clip, then the loop's start.
    const player = new Player(sender, clips, { codec: 'PCMU', clock, loop: true, startSample: 400 + 480 });
    player.start();
    clock.advance(40);
    player.stop();
    const heard = sender.sent.flatMap((p) => [...decodeG711('PCMU', p.payload)].map(Math.sign));
    expect(heard.slice(0, 80)).toEqual(new Array(80).fill(1));
    expect(heard.slice(80, 240)).toEqual(new Array(160).fill(1));
    expect(heard.slice(240, 320)).toEqual(new Array(80).fill(-1));
    expect(new Set(heard.slice(0, 80).map((_, i) => decodeG711('PCMU', sender.sent[0]!.payload)[i]))).toEqual(
      new Set([decodeG711('PCMU', encodeG711('PCMU', constant(1, 3000)))[0]]),
    );
  });

  it('ends at once when it starts past the end of audio it does not loop', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const player = new Player(sender, constant(160, 1000), { codec: 'PCMU', clock, startSample: 500 });
    player.start();
    expect(await player.done).toBe('ended');
    expect(sender.sent).toHaveLength(0);
  });

  it('refuses a start sample that is not a whole number of samples from the start', () => {
    expect(() => new Player(new FakeSender(), constant(160, 1000), { codec: 'PCMU', startSample: -1 })).toThrow(
      RangeError,
    );
  });

  it('continues the stream the endpoint sent before: same SSRC, next sequence number, timestamp advanced with time, marker set', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ clock });
    const wire: RtpPacket[] = [];
    const endpoint: RtpSender = {
      closed: false,
      send(packet) {
        rewriter.rewrite(packet);
        wire.push(packet);
        return true;
      },
    };
    // A bridged phone's packets went out first …
    for (let i = 0; i < 3; i++) {
      endpoint.send(
        RtpPacket.create({
          payloadType: 0,
          sequenceNumber: 900 + i,
          timestamp: 5000 + i * 160,
          ssrc: 77,
          payload: new Uint8Array(160),
        }),
      );
      clock.advance(20);
    }
    // … then a prompt starts 100 ms after the last of them.
    clock.advance(80);
    const player = new Player(endpoint, constant(480, 100), { codec: 'PCMU', payloadType: 0, clock });
    player.start();
    clock.advance(40);
    expect(wire).toHaveLength(6);
    const [before, after] = [wire[2]!, wire[3]!];
    expect(new Set(wire.map((p) => p.ssrc))).toEqual(new Set([rewriter.ssrc]));
    expect(wire.map((p) => (p.sequenceNumber - wire[0]!.sequenceNumber) & 0xffff)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((after.timestamp - before.timestamp) >>> 0).toBe(100 * 8);
    expect(after.marker).toBe(true);
    expect(wire.slice(4).every((p) => !p.marker)).toBe(true);
    expect((wire[5]!.timestamp - after.timestamp) >>> 0).toBe(320);
  });
});

function constant(length: number, value: number): Int16Array {
  return new Int16Array(length).fill(value);
}
