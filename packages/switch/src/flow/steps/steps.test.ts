import { describe, expect, it } from 'vitest';
import { unassignedNumberStart } from '../../call/admitCall.ts';
import { steps } from '../registry.ts';
import { flowCall } from '../testCall.ts';

describe('the simple steps', () => {
  it('answers busy tone with 486 and logs a refusal as rejected, a busy user as busy, no answer as missed', async () => {
    const call = flowCall();
    const outcome = async (cause: 'rejected' | 'busy' | 'unanswered') => {
      const result = await steps.busyTone.run(call, { type: 'busyTone' }, cause);
      return result.kind === 'end' && result.cause.by === 'refusal'
        ? `${result.cause.refusal.status} ${result.cause.refusal.outcome}`
        : result.kind;
    };
    expect([await outcome('rejected'), await outcome('busy'), await outcome('unanswered')]).toEqual([
      '486 rejected',
      '486 busy',
      '486 missed',
    ]);
  });
  it('hangs up with 603 Decline', async () => {
    expect(await steps.hangup.run(flowCall(), { type: 'hangup' }, 'routed')).toMatchObject({
      kind: 'end',
      cause: { refusal: { status: 603, outcome: 'failed' } },
    });
  });
  it('hangs up on a caller the switch answered (a menu’s no-input destination) as the call handled, not failed', async () => {
    const call = flowCall();
    await call.leg.answer();
    expect(await steps.hangup.run(call, { type: 'hangup' }, 'routed')).toEqual({
      kind: 'end',
      cause: { by: 'flow', outcome: 'answered' },
    });
    expect(await steps.hangup.run(call, { type: 'hangup' }, 'unanswered')).toEqual({
      kind: 'end',
      cause: { by: 'flow', outcome: 'missed' },
    });
  });
  it('refuses "repeat menu" outside a menu as a wrong setting', async () => {
    expect(await steps.repeatMenu.run(flowCall(), { type: 'repeatMenu' }, 'routed')).toMatchObject({
      cause: { refusal: { status: 500 } },
    });
  });
});

describe('unassignedNumberStart (R35)', () => {
  it('rejects with 404 when the rule says reject', () => {
    expect(unassignedNumberStart({ action: 'reject' })).toMatchObject({
      kind: 'end',
      cause: { refusal: { status: 404 } },
    });
  });
  it('routes to the rule’s destination, or to the message it names', () => {
    expect(unassignedNumberStart({ action: 'route', destination: { type: 'user', userId: 'u1' } })).toEqual({
      kind: 'next',
      destination: { type: 'user', userId: 'u1' },
      cause: 'routed',
    });
    expect(
      unassignedNumberStart({ action: 'playMessage', prompt: { type: 'tts', text: 'Fel nummer', language: 'sv' } }),
    ).toMatchObject({ destination: { type: 'playMessage' } });
  });
});
