import { describe, expect, it } from 'vitest';
import { FakeServerInvite } from '../signalling/fakeSignalling.ts';
import { ServerCallerLeg } from './callerLeg.ts';
import { CallState, CallStateMachine } from './callState.ts';

function setup() {
  const invite = new FakeServerInvite();
  const state = new CallStateMachine();
  const leg = new ServerCallerLeg(invite, state, () => 'v=0 switch');
  return { invite, state, leg };
}

describe('ServerCallerLeg', () => {
  it('sends 180 once however often the flow says it rings, and the call is alerting', () => {
    const { invite, state, leg } = setup();
    leg.ring();
    leg.ring();
    expect(invite.responses).toEqual(['180']);
    expect(state.state).toBe(CallState.Alerting);
  });

  it('answers once with the switch’s SDP, however often asked, and moves the call into the flow', async () => {
    const { invite, state, leg } = setup();
    await Promise.all([leg.answer(), leg.answer()]);
    await leg.answer();
    expect(invite.responses).toEqual(['200 v=0 switch']);
    expect(leg.answered).toBe(true);
    expect(state.state).toBe(CallState.InFlow);
  });

  it('rejects the answer when the caller never acknowledges it, and stays unanswered', async () => {
    const { invite, state, leg } = setup();
    invite.ack = false;
    await expect(leg.answer()).rejects.toThrow('no ACK');
    expect(leg.answered).toBe(false);
    expect(state.state).toBe(CallState.Routing);
  });

  it('refuses once, and not after answering', async () => {
    const { invite, leg } = setup();
    expect(leg.refuse(486, 'Busy Here', null)).toBe(true);
    expect(leg.refuse(480, 'Temporarily Unavailable', null)).toBe(false);
    expect(invite.responses).toEqual(['486 Busy Here']);

    const answered = setup();
    await answered.leg.answer();
    expect(answered.leg.refuse(486, 'Busy Here', null)).toBe(false);
  });

  it('sends neither 180 nor 183 to a caller it answered already', async () => {
    const { invite, leg } = setup();
    await leg.answer();
    leg.ring();
    leg.earlyMedia('v=0 early');
    expect(invite.responses).toEqual(['200 v=0 switch']);
  });

  it('relays early media as 183 with SDP, and no 180 after it', () => {
    const { invite, state, leg } = setup();
    leg.earlyMedia('v=0 early');
    leg.ring();
    expect(invite.responses).toEqual(['183 v=0 early']);
    expect(state.state).toBe(CallState.EarlyMedia);
  });

  it('tells every listener once that the caller cancelled before the answer', () => {
    const { invite, leg } = setup();
    const heard: string[] = [];
    leg.onHangUp((how) => heard.push(`a:${how}`));
    leg.onHangUp((how) => heard.push(`b:${how}`));
    invite.cancel();
    invite.cancel();
    expect(heard).toEqual(['a:cancel', 'b:cancel']);
  });

  it('tells the listeners of a BYE after the answer, and a late listener too', async () => {
    const { invite, leg } = setup();
    const heard: string[] = [];
    leg.onHangUp((how) => heard.push(how));
    await leg.answer();
    invite.dialog.peerHangsUp();
    const late = await new Promise((resolve) => leg.onHangUp(resolve));
    expect(heard).toEqual(['bye']);
    expect(late).toBe('bye');
  });
});

describe('ServerCallerLeg and SIP INFO', () => {
  it('answers the caller’s DTMF INFO with 200 and hands on the key; another body gets 415', async () => {
    const invite = new FakeServerInvite();
    const keys: string[] = [];
    const leg = new ServerCallerLeg(
      invite,
      new CallStateMachine(),
      () => 'v=0',
      (key) => keys.push(key),
    );
    await leg.answer();
    const info = invite.dialog.infoHandler!;
    expect(
      info({ contentType: 'application/dtmf-relay', body: 'Signal=5\r\nDuration=160', infoPackage: null }).status,
    ).toBe(200);
    expect(info({ contentType: 'application/dtmf', body: '#', infoPackage: null }).status).toBe(200);
    expect(info({ contentType: 'text/plain', body: 'hello', infoPackage: null }).status).toBe(415);
    expect(keys).toEqual(['5', '#']);
  });
});
