import { describe, expect, it } from 'vitest';
import { unassignedNumberStart } from '../../call/admitCall.ts';
import { steps } from '../registry.ts';
import { flowCall } from '../testCall.ts';

describe('the simple steps', () => {
  it('answers busy tone with 486 and logs a refusal as rejected, a busy user as busy, no answer as missed', async () => {
    const call = flowCall();
    const outcome = async (cause: 'rejected' | 'busy' | 'unanswered') => {
      const result = await steps.busyTone.run(call, { type: 'busyTone' }, cause);
      return result.kind === 'end' && result.cause.by === 'refusal' ? `${result.cause.refusal.status} ${result.cause.refusal.outcome}` : result.kind;
    };
    expect([await outcome('rejected'), await outcome('busy'), await outcome('unanswered')]).toEqual(['486 rejected', '486 busy', '486 missed']);
  });
  it('hangs up with 603 Decline', async () => {
    expect(await steps.hangup.run(flowCall(), { type: 'hangup' }, 'routed')).toMatchObject({ kind: 'end', cause: { refusal: { status: 603, outcome: 'failed' } } });
  });
  it('answers voicemail, messages and IVR menus with 480 and a plain reason until they are built', async () => {
    const call = flowCall();
    const warnings = await Promise.all([
      steps.voicemail.run(call, { type: 'voicemail' }, 'unanswered'),
      steps.playMessage.run(call, { type: 'playMessage', prompt: { type: 'tts', text: 'Hej', language: 'sv' } }, 'routed'),
      steps.ivrMenu.run(call, { type: 'ivrMenu', ivrMenuId: 'm' }, 'routed'),
    ]);
    expect(warnings.map((r) => (r.kind === 'end' && r.cause.by === 'refusal' ? `${r.cause.refusal.status} ${r.cause.refusal.warning}` : r.kind))).toEqual([
      '480 Voicemail is not available on this switch yet',
      '480 Playing a message is not available on this switch yet',
      '480 IVR menus is not available on this switch yet',
    ]);
    expect(call.leg.answers).toBe(0);
  });
  it('refuses "repeat menu" outside a menu as a wrong setting', async () => {
    expect(await steps.repeatMenu.run(flowCall(), { type: 'repeatMenu' }, 'routed')).toMatchObject({ cause: { refusal: { status: 500 } } });
  });
});

describe('unassignedNumberStart (R35)', () => {
  it('rejects with 404 when the rule says reject', () => {
    expect(unassignedNumberStart({ action: 'reject' })).toMatchObject({ kind: 'end', cause: { refusal: { status: 404 } } });
  });
  it('routes to the rule’s destination, or to the message it names', () => {
    expect(unassignedNumberStart({ action: 'route', destination: { type: 'user', userId: 'u1' } })).toEqual({ kind: 'next', destination: { type: 'user', userId: 'u1' }, cause: 'routed' });
    expect(unassignedNumberStart({ action: 'playMessage', prompt: { type: 'tts', text: 'Fel nummer', language: 'sv' } })).toMatchObject({ destination: { type: 'playMessage' } });
  });
});
