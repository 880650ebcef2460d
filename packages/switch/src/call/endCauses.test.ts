import { describe, expect, it } from 'vitest';
import { abortedCause, callEnd, endReasonFor, handledOutcome, refusal, refusalForCarrierStatus } from './endCauses.ts';

const busy = { by: 'refusal' as const, refusal: refusal(486, 'Busy Here', null, 'busy') };

describe('callEnd', () => {
  it('logs a caller who hangs up while it rings as abandoned and sends nothing (the CANCEL was answered)', () => {
    expect(callEnd({ by: 'caller' }, 'nobody')).toEqual({ caller: { kind: 'none' }, outcome: 'abandoned' });
    // A step may know better: a caller who hung up in voicemail missed the person they called.
    expect(callEnd({ by: 'caller', outcome: 'missed' }, 'switch')).toEqual({
      caller: { kind: 'none' },
      outcome: 'missed',
    });
  });
  it('keeps the answered outcome when a bridged call ends, whoever ends it', () => {
    expect(callEnd({ by: 'caller' }, 'callee').outcome).toBe('answered');
    expect(callEnd({ by: 'failure', detail: 'RTP inactivity' }, 'callee')).toEqual({
      caller: { kind: 'bye', tone: null },
      outcome: 'answered',
    });
    expect(callEnd({ by: 'callee' }, 'callee')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'answered' });
  });
  it('sends an unanswered caller the refusal’s status and logs its outcome', () => {
    expect(callEnd(busy, 'nobody')).toEqual({
      caller: { kind: 'reject', status: 486, reason: 'Busy Here', warning: null },
      outcome: 'busy',
    });
  });
  it('plays busy tone to a caller the switch answered before hanging up, and logs the refusal’s outcome', () => {
    expect(callEnd(busy, 'switch')).toEqual({ caller: { kind: 'bye', tone: 'busy' }, outcome: 'busy' });
    expect(
      callEnd(
        { by: 'refusal', refusal: refusal(480, 'Temporarily Unavailable', 'no voicemail box', 'missed') },
        'switch',
      ),
    ).toEqual({ caller: { kind: 'bye', tone: 'congestion' }, outcome: 'missed' });
    expect(callEnd({ by: 'refusal', refusal: refusal(603, 'Decline', null, 'failed') }, 'switch').caller).toEqual({
      kind: 'bye',
      tone: null,
    });
  });
  it('answers 500 to a failure before the answer and 503 when the switch stops, both failed', () => {
    expect(callEnd({ by: 'failure', detail: 'x' }, 'nobody')).toMatchObject({
      caller: { kind: 'reject', status: 500 },
      outcome: 'failed',
    });
    expect(callEnd({ by: 'shutdown' }, 'nobody')).toMatchObject({
      caller: { kind: 'reject', status: 503 },
      outcome: 'failed',
    });
    expect(callEnd({ by: 'shutdown' }, 'switch')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'failed' });
  });
  it('ends an answered call the flow finished with BYE and the flow’s outcome', () => {
    expect(callEnd({ by: 'flow', outcome: 'voicemail' }, 'switch')).toEqual({
      caller: { kind: 'bye', tone: null },
      outcome: 'voicemail',
    });
  });
});

describe('refusals', () => {
  it('turns a carrier’s final answer into what the caller is told', () => {
    expect(refusalForCarrierStatus(600)).toMatchObject({ status: 486, outcome: 'busy' });
    expect(refusalForCarrierStatus(603)).toMatchObject({ status: 603, outcome: 'rejected' });
    expect(refusalForCarrierStatus(408)).toMatchObject({ status: 480, outcome: 'missed' });
    expect(refusalForCarrierStatus(484)).toMatchObject({ status: 404, outcome: 'failed' });
    expect(refusalForCarrierStatus(500)).toMatchObject({ status: 502, warning: 'the carrier answered 500' });
  });
  it('names a stopping switch as the cause of an abort, anything else as the caller', () => {
    const stop = new AbortController();
    stop.abort('shutdown');
    const cancel = new AbortController();
    cancel.abort('cancel');
    expect(abortedCause(stop.signal)).toEqual({ by: 'shutdown' });
    expect(abortedCause(cancel.signal)).toEqual({ by: 'caller' });
  });
});

describe('handledOutcome', () => {
  it('logs a call the switch answered and ended as set up as answered when routed there, else by the user’s rule that sent it', () => {
    expect((['routed', 'unanswered', 'busy', 'rejected'] as const).map(handledOutcome)).toEqual([
      'answered',
      'missed',
      'busy',
      'rejected',
    ]);
  });
});

describe('endReasonFor (issue 10)', () => {
  it('tells a caller who gave up before an answer from one who hung up after', () => {
    expect(endReasonFor({ by: 'caller' }, 'nobody')).toBe('cancelled');
    expect(endReasonFor({ by: 'caller' }, 'switch')).toBe('caller_hangup');
    expect(endReasonFor({ by: 'caller', outcome: 'missed' }, 'callee')).toBe('caller_hangup');
  });
  it('names the callee, the flow, a failure, the media and a stop', () => {
    expect(endReasonFor({ by: 'callee' }, 'callee')).toBe('callee_hangup');
    expect(endReasonFor({ by: 'flow', outcome: 'answered' }, 'switch')).toBe('switch_hangup');
    expect(endReasonFor({ by: 'failure', detail: 'x' }, 'nobody')).toBe('failed');
    expect(endReasonFor({ by: 'media', side: 'callee', at: new Date(0) }, 'callee')).toBe('media_timeout');
    expect(endReasonFor({ by: 'shutdown' }, 'callee')).toBe('switch_shutdown');
  });
  it('reads a refusal by its outcome', () => {
    expect(endReasonFor(busy, 'nobody')).toBe('busy');
    expect(
      endReasonFor({ by: 'refusal', refusal: refusal(480, 'Temporarily Unavailable', null, 'missed') }, 'nobody'),
    ).toBe('no_answer');
    expect(endReasonFor({ by: 'refusal', refusal: refusal(603, 'Decline', null, 'rejected') }, 'nobody')).toBe(
      'rejected',
    );
    expect(
      endReasonFor(
        { by: 'refusal', refusal: refusal(403, 'Forbidden', 'international calls are off', 'failed') },
        'nobody',
      ),
    ).toBe('refused');
  });
  it('logs a vanished callee as answered with a BYE to the caller', () => {
    expect(callEnd({ by: 'media', side: 'callee', at: new Date(0) }, 'callee')).toEqual({
      caller: { kind: 'bye', tone: null },
      outcome: 'answered',
    });
  });
});
