import { describe, expect, it } from 'vitest';
import {
  lastKnownMoment,
  recordOnAnswer,
  recordOnEnd,
  recordOnRestart,
  recordOnStart,
  recordWithStep,
} from './callRecordRules.ts';

const at = (s: string) => new Date(`2026-01-01T10:${s}Z`);
const started = recordOnStart({
  direction: 'internal',
  at: at('00:00'),
  fromNumber: '1001',
  fromName: 'Alice',
  toNumber: '1002',
  fromUserId: 'u1',
  emergency: false,
});
const answered = recordOnAnswer(
  recordWithStep(started, { type: 'user', id: 'u2', name: 'Bob', at: at('00:01').toISOString() }),
  at('00:04'),
  'u2',
);

describe('recordOnEnd (issue 10: the end is when the call really ended)', () => {
  it('ends a call whose media stopped at the last packet, with talk time up to it and the reason', () => {
    const ended = recordOnEnd(answered, at('00:07.300'), 'answered', 'media_timeout');
    expect(ended).toMatchObject({
      endedAt: '2026-01-01T10:00:07.300Z',
      outcome: 'answered',
      endReason: 'media_timeout',
      waitSeconds: 4,
      talkSeconds: 3,
    });
  });
  it('never ends an answered call before its answer (a last packet from before the answer)', () => {
    const ended = recordOnEnd(answered, at('00:02'), 'answered', 'media_timeout');
    expect(ended).toMatchObject({ endedAt: '2026-01-01T10:00:04.000Z', talkSeconds: 0 });
  });
  it('keeps the first end', () => {
    const first = recordOnEnd(answered, at('00:10'), 'answered', 'callee_hangup');
    expect(recordOnEnd(first, at('01:40'), 'failed', 'failed')).toBe(first);
  });
});

describe('recordOnRestart (issue 10: open records after kill -9)', () => {
  it('closes an answered call at the last heartbeat with honest times and switch_restart', () => {
    const closed = recordOnRestart(answered, at('00:09'));
    expect(closed).toMatchObject({
      endedAt: '2026-01-01T10:00:09.000Z',
      outcome: 'answered',
      endReason: 'switch_restart',
      waitSeconds: 4,
      talkSeconds: 5,
    });
  });
  it('closes an unanswered call as failed, waiting the whole time', () => {
    expect(recordOnRestart(started, at('00:06'))).toMatchObject({
      endedAt: '2026-01-01T10:00:06.000Z',
      outcome: 'failed',
      endReason: 'switch_restart',
      waitSeconds: 6,
      talkSeconds: 0,
    });
  });
  it("uses the record's own last moment when it is later than the last heartbeat, or there is none", () => {
    expect(recordOnRestart(answered, at('00:02'))).toMatchObject({
      endedAt: '2026-01-01T10:00:04.000Z',
      talkSeconds: 0,
      waitSeconds: 4,
    });
    expect(recordOnRestart(started, null)).toMatchObject({
      endedAt: '2026-01-01T10:00:00.000Z',
      waitSeconds: 0,
      talkSeconds: 0,
    });
  });
  it('gives an answered record without a wait its time to answer, never null', () => {
    const noWait = { ...answered, waitSeconds: null };
    expect(recordOnRestart(noWait, at('00:09')).waitSeconds).toBe(4);
  });
  it('leaves an ended record alone', () => {
    const ended = recordOnEnd(answered, at('00:10'), 'answered', 'callee_hangup');
    expect(recordOnRestart(ended, at('00:30'))).toBe(ended);
  });
  it("knows a record's last moment from its start, answer and path", () => {
    expect(lastKnownMoment(answered).toISOString()).toBe('2026-01-01T10:00:04.000Z');
    expect(
      lastKnownMoment(
        recordWithStep(answered, { type: 'key', id: null, name: '1', at: at('00:20').toISOString() }),
      ).toISOString(),
    ).toBe('2026-01-01T10:00:20.000Z');
  });
});
