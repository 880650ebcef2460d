import { goertzelPower } from '@vaxel/media';
import { describe, expect, it } from 'vitest';
import { flowCall } from '../flow/testCall.ts';
import { ringProgress } from './ringProgress.ts';

/** The share of the clip's energy (first second) at `frequency`, against its neighbours. */
function dominates(samples: Int16Array, frequency: number): boolean {
  const first = samples.subarray(0, 8000);
  const at = goertzelPower(first, frequency);
  return [300, 350, 480, 600, 1000].every((other) => at > 100 * goertzelPower(first, other));
}

describe('ringProgress', () => {
  it('tells a caller still ringing that it rings, once, through the caller leg', () => {
    const call = flowCall();
    const progress = ringProgress(call, 2);
    progress.ringing();
    progress.ringing();
    expect(call.leg.rang).toBe(2); // the leg sends 180 once (callerLeg.test.ts)
    expect(call.media.playbacks).toHaveLength(0);
  });

  it('plays Swedish ringback (425 Hz, looped, no barge-in) to a caller the switch answered, and no 180', async () => {
    const call = flowCall();
    await call.leg.answer();
    const progress = ringProgress(call, 2);
    progress.ringing();
    progress.ringing();
    expect(call.leg.rang).toBe(0);
    expect(call.media.playbacks).toHaveLength(1);
    const [playback] = call.media.playbacks;
    expect(playback).toMatchObject({ side: 'caller', request: { loop: true, bargeIn: false } });
    const clip = call.media.playedClips('caller')[0]!;
    expect(dominates(clip, 425)).toBe(true);
    // 1 s on, 5 s off (ITU-T E.180 Supplement 2, Sweden).
    expect(clip.length).toBe(6 * 8000);
    expect(goertzelPower(clip.subarray(16000, 24000), 425)).toBeLessThan(1);
    await progress.stop();
    expect(playback!.ended).toBe(true);
  });

  it('relays a single leg’s early media as 183 and bridges it', () => {
    const call = flowCall();
    const progress = ringProgress(call, 1);
    expect(progress.earlyMedia('v=0 carrier', 0, '127.0.0.1')).toBe(true);
    expect(call.leg.earlySdp).toEqual(['v=0 caller-answer']);
    expect(call.media.commands).toContain('bridge');
  });

  it('lets no one fork’s early media speak for the others', () => {
    const call = flowCall();
    const progress = ringProgress(call, 3);
    expect(progress.earlyMedia('v=0 phone', 1, '127.0.0.1')).toBe(false);
    expect(call.leg.earlySdp).toEqual([]);
    expect(call.media.commands).not.toContain('bridge');
  });

  it('gives an answered caller the carrier’s early media instead of ringback, without a 183', async () => {
    const call = flowCall();
    await call.leg.answer();
    const progress = ringProgress(call, 1);
    expect(progress.earlyMedia('v=0 carrier', 0, '127.0.0.1')).toBe(true);
    progress.ringing();
    expect(call.leg.earlySdp).toEqual([]);
    expect(call.media.playbacks).toHaveLength(0);
    await progress.stop();
    expect(call.media.commands).toEqual(['bridge', 'unbridge']);
  });
});
