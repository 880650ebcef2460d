import { describe, expect, it } from 'vitest';
import { CallState, CallStateMachine, IllegalCallTransition } from './callState.ts';

describe('CallStateMachine', () => {
  it('walks routing → alerting → answered → ended and reports each change', () => {
    const seen: string[] = [];
    const call = new CallStateMachine((from, to) => seen.push(`${from}>${to}`));
    call.transition(CallState.Alerting);
    call.transition(CallState.Answered);
    call.transition(CallState.Ended);
    expect(seen).toEqual(['Routing>Alerting', 'Alerting>Answered', 'Answered>Ended']);
  });
  it('may route again after unanswered ringing (forwarding rules)', () => {
    const call = new CallStateMachine();
    call.transition(CallState.Alerting);
    call.transition(CallState.Routing);
    expect(call.state).toBe(CallState.Routing);
  });
  it('refuses to answer a call that was never rung, and anything after the end', () => {
    const call = new CallStateMachine();
    expect(() => call.transition(CallState.Answered)).toThrow(IllegalCallTransition);
    call.transition(CallState.Ended);
    expect(() => call.transition(CallState.Routing)).toThrow(IllegalCallTransition);
  });
});
