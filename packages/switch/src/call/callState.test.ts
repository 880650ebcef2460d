import { describe, expect, it } from 'vitest';
import { CallState, CallStateMachine, IllegalCallTransition, isAnswered } from './callState.ts';

describe('CallStateMachine', () => {
  it('walks routing → alerting → in flow → bridged → ended and reports each change', () => {
    const seen: string[] = [];
    const call = new CallStateMachine((from, to) => seen.push(`${from}>${to}`));
    call.transition(CallState.Alerting);
    call.transition(CallState.InFlow);
    call.transition(CallState.Bridged);
    call.transition(CallState.Ended);
    expect(seen).toEqual(['Routing>Alerting', 'Alerting>InFlow', 'InFlow>Bridged', 'Bridged>Ended']);
  });
  it('may route again after unanswered ringing or early media (forwarding rules)', () => {
    const call = new CallStateMachine();
    call.transition(CallState.Alerting);
    call.transition(CallState.EarlyMedia);
    call.transition(CallState.Routing);
    expect(call.state).toBe(CallState.Routing);
  });
  it('lets a bridged caller go back to the flow, answered all along', () => {
    const call = new CallStateMachine();
    call.transition(CallState.InFlow);
    call.transition(CallState.Bridged);
    call.transition(CallState.InFlow);
    expect(isAnswered(call.state)).toBe(true);
  });
  it('refuses to bridge a caller the switch never answered, and anything after the end', () => {
    const call = new CallStateMachine();
    expect(() => call.transition(CallState.Bridged)).toThrow(IllegalCallTransition);
    call.transition(CallState.Ended);
    expect(() => call.transition(CallState.Routing)).toThrow(IllegalCallTransition);
  });
  it('never routes an answered call back to ringing', () => {
    const call = new CallStateMachine();
    call.transition(CallState.InFlow);
    expect(() => call.transition(CallState.Alerting)).toThrow(IllegalCallTransition);
  });
});
