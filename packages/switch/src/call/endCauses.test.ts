import { describe, expect, it } from 'vitest';
import { abortedCause, callEnd, handledOutcome, refusal, refusalForCarrierStatus } from './endCauses.ts';

const busy = { by: 'refusal' as const, refusal: refusal(486, 'Busy Here', null, 'busy') };

describe('callEnd', () => {
  it('logs a caller who hangs up while it rings as abandoned and sends nothing (the CANCEL was answered)', () => {
    expect(callEnd({ by: 'caller' }, 'nobody')).toEqual({ caller: { kind: 'none' }, outcome: 'abandoned' });
    // A step may know better: a caller who hung up in voicemail missed the person they called.
    expect(callEnd({ by: 'caller', outcome: 'missed' }, 'switch')).toEqual({ caller: { kind: 'none' }, outcome: 'missed' });
  });
  it('keeps the answered outcome when a bridged call ends, whoever ends it', () => {
    expect(callEnd({ by: 'caller' }, 'callee').outcome).toBe('answered');
    expect(callEnd({ by: 'failure', detail: 'RTP inactivity' }, 'callee')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'answered' });
    expect(callEnd({ by: 'callee' }, 'callee')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'answered' });
  });
  it('sends an unanswered caller the refusal’s status and logs its outcome', () => {
    expect(callEnd(busy, 'nobody')).toEqual({ caller: { kind: 'reject', status: 486, reason: 'Busy Here', warning: null }, outcome: 'busy' });
  });
  it('plays busy tone to a caller the switch answered before hanging up, and logs the refusal’s outcome', () => {
    expect(callEnd(busy, 'switch')).toEqual({ caller: { kind: 'bye', tone: 'busy' }, outcome: 'busy' });
    expect(callEnd({ by: 'refusal', refusal: refusal(480, 'Temporarily Unavailable', 'no voicemail box', 'missed') }, 'switch')).toEqual({ caller: { kind: 'bye', tone: 'congestion' }, outcome: 'missed' });
    expect(callEnd({ by: 'refusal', refusal: refusal(603, 'Decline', null, 'failed') }, 'switch').caller).toEqual({ kind: 'bye', tone: null });
  });
  it('answers 500 to a failure before the answer and 503 when the switch stops, both failed', () => {
    expect(callEnd({ by: 'failure', detail: 'x' }, 'nobody')).toMatchObject({ caller: { kind: 'reject', status: 500 }, outcome: 'failed' });
    expect(callEnd({ by: 'shutdown' }, 'nobody')).toMatchObject({ caller: { kind: 'reject', status: 503 }, outcome: 'failed' });
    expect(callEnd({ by: 'shutdown' }, 'switch')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'failed' });
  });
  it('ends an answered call the flow finished with BYE and the flow’s outcome', () => {
    expect(callEnd({ by: 'flow', outcome: 'voicemail' }, 'switch')).toEqual({ caller: { kind: 'bye', tone: null }, outcome: 'voicemail' });
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
    expect((['routed', 'unanswered', 'busy', 'rejected'] as const).map(handledOutcome)).toEqual(['answered', 'missed', 'busy', 'rejected']);
  });
});
