import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import type { Clock, TimerHandle } from './clock.ts';
import { AudioError, InvalidStateError } from './errors.ts';
import { decodeG711 } from './g711.ts';
import { Player, type RtpSender } from './player.ts';
import type { RtpPacket } from './rtp-packet.ts';
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
});
