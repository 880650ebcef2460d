import { factoryOutboundLimits, type OutboundLimits } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { TollMeter } from './tollMeter.ts';

const limits = (change: Partial<OutboundLimits> = {}): OutboundLimits => ({ ...factoryOutboundLimits(), ...change });
const spike = { calls: 3, seconds: 60 };
const t0 = Date.parse('2026-03-01T10:00:00Z');
const s = (seconds: number) => t0 + seconds * 1000;

describe('TollMeter: concurrent calls', () => {
  it('counts legs from admission to their end, per organisation', () => {
    const meter = new TollMeter();
    const a = meter.start('org-1', false, spike, s(0)).legId;
    meter.start('org-1', false, spike, s(1));
    meter.start('org-2', false, spike, s(1));
    expect(meter.inProgress('org-1')).toBe(2);
    expect(meter.exceeded('org-1', limits({ concurrentCalls: 2 }), s(2))).toBe('concurrent_calls');
    expect(meter.exceeded('org-2', limits({ concurrentCalls: 2 }), s(2))).toBeNull();
    meter.ended(a, s(3));
    meter.ended(a, s(4));
    expect(meter.inProgress('org-1')).toBe(1);
    expect(meter.exceeded('org-1', limits({ concurrentCalls: 2 }), s(5))).toBeNull();
  });
});

describe('TollMeter: minutes per hour', () => {
  it('counts talk time from the answer, not the ringing, and a call in progress up to now', () => {
    const meter = new TollMeter();
    const leg = meter.start('org-1', false, spike, s(0)).legId;
    expect(meter.talkSecondsInLastHour('org-1', s(30))).toBe(0);
    meter.answered(leg, s(10));
    meter.answered(leg, s(20));
    expect(meter.talkSecondsInLastHour('org-1', s(70))).toBe(60);
    expect(meter.exceeded('org-1', limits({ minutesPerHour: 1 }), s(70))).toBe('minutes_per_hour');
    expect(meter.exceeded('org-1', limits({ minutesPerHour: 1 }), s(69))).toBeNull();
  });

  it('keeps an ended call counted for the hour, sliding out of it as time passes', () => {
    const meter = new TollMeter();
    const leg = meter.start('org-1', false, spike, s(0)).legId;
    meter.answered(leg, s(0));
    meter.ended(leg, s(120));
    expect(meter.talkSecondsInLastHour('org-1', s(600))).toBe(120);
    expect(meter.exceeded('org-1', limits({ minutesPerHour: 2 }), s(600))).toBe('minutes_per_hour');
    expect(meter.talkSecondsInLastHour('org-1', s(3600 + 60))).toBe(60);
    expect(meter.exceeded('org-1', limits({ minutesPerHour: 2 }), s(3600 + 60))).toBeNull();
    expect(meter.talkSecondsInLastHour('org-1', s(3600 + 120))).toBe(0);
  });

  it('never counts a leg that was not answered, nor another organisation’s', () => {
    const meter = new TollMeter();
    const unanswered = meter.start('org-1', false, spike, s(0)).legId;
    meter.ended(unanswered, s(30));
    const other = meter.start('org-2', false, spike, s(0)).legId;
    meter.answered(other, s(0));
    expect(meter.talkSecondsInLastHour('org-1', s(60))).toBe(0);
    expect(meter.talkSecondsInLastHour('org-2', s(60))).toBe(60);
  });
});

describe('TollMeter: international spike', () => {
  it('reports the spike at the call that completes it within the window', () => {
    const meter = new TollMeter();
    expect(meter.start('org-1', true, spike, s(0)).spike).toBe(false);
    expect(meter.start('org-1', false, spike, s(1)).spike).toBe(false);
    expect(meter.start('org-1', true, spike, s(2)).spike).toBe(false);
    expect(meter.start('org-2', true, spike, s(3)).spike).toBe(false);
    expect(meter.start('org-1', true, spike, s(4)).spike).toBe(true);
  });

  it('does not report calls spread wider than the window', () => {
    const meter = new TollMeter();
    meter.start('org-1', true, spike, s(0));
    meter.start('org-1', true, spike, s(40));
    expect(meter.start('org-1', true, spike, s(60)).spike).toBe(false);
    expect(meter.start('org-1', true, spike, s(61)).spike).toBe(true);
  });

  it('starts counting afresh once the block is lifted', () => {
    const meter = new TollMeter();
    for (const at of [0, 1, 2]) meter.start('org-1', true, spike, s(at));
    meter.forgetInternational('org-1');
    expect(meter.start('org-1', true, spike, s(3)).spike).toBe(false);
  });
});
