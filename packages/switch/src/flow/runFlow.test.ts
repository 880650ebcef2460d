import { describe, expect, it } from 'vitest';
import { FakeDialog } from '../signalling/fakeSignalling.ts';
import { steps as realSteps, type StepRegistry } from './registry.ts';
import { MAX_STEPS, runFlow } from './runFlow.ts';
import { flowCall } from './testCall.ts';

/** The real registry with some steps replaced by fakes. */
function registry(f: Partial<StepRegistry>): StepRegistry {
  return {
    user: f.user ?? realSteps.user,
    responseGroup: f.responseGroup ?? realSteps.responseGroup,
    ivrMenu: f.ivrMenu ?? realSteps.ivrMenu,
    voicemail: f.voicemail ?? realSteps.voicemail,
    externalNumber: f.externalNumber ?? realSteps.externalNumber,
    playMessage: f.playMessage ?? realSteps.playMessage,
    repeatMenu: f.repeatMenu ?? realSteps.repeatMenu,
    busyTone: f.busyTone ?? realSteps.busyTone,
    hangup: f.hangup ?? realSteps.hangup,
  };
}

const toUser = (userId: string) => ({
  kind: 'next' as const,
  destination: { type: 'user' as const, userId },
  cause: 'unanswered' as const,
});

describe('runFlow', () => {
  it('answers the caller before a step that needs an answered caller, and only then', async () => {
    const call = flowCall();
    const seen: boolean[] = [];
    const steps = registry({
      ivrMenu: {
        needs: 'answered',
        run: async (c) => (seen.push(c.leg.answered), { kind: 'end', cause: { by: 'flow', outcome: 'answered' } }),
      },
    });
    const cause = await runFlow(
      call,
      { kind: 'next', destination: { type: 'ivrMenu', ivrMenuId: 'm1' }, cause: 'routed' },
      steps,
    );
    expect(seen).toEqual([true]);
    expect(call.leg.answers).toBe(1);
    expect(cause).toEqual({ by: 'flow', outcome: 'answered' });
  });

  it('leaves the caller unanswered for a step that works either way', async () => {
    const call = flowCall();
    const steps = registry({
      hangup: { needs: 'either', run: async () => ({ kind: 'end', cause: { by: 'caller' } }) },
    });
    await runFlow(call, { kind: 'next', destination: { type: 'hangup' }, cause: 'routed' }, steps);
    expect(call.leg.answers).toBe(0);
  });

  it('follows the destination each step returns, back in routing before each', async () => {
    const call = flowCall();
    const visited: string[] = [];
    const steps = registry({
      user: {
        needs: 'either',
        run: async () => (visited.push('user'), { kind: 'next', destination: { type: 'busyTone' }, cause: 'busy' }),
      },
      busyTone: {
        needs: 'either',
        run: async () => (visited.push('busyTone'), { kind: 'end', cause: { by: 'caller' } }),
      },
    });
    await runFlow(call, toUser('u2'), steps);
    expect(visited).toEqual(['user', 'busyTone']);
    expect(call.notes).toEqual(['routing', 'routing']);
  });

  it('gives up with 482 Loop Detected after MAX_STEPS steps that keep sending the call on', async () => {
    const call = flowCall();
    let runs = 0;
    const steps = registry({ user: { needs: 'either', run: async () => (runs++, toUser('u2')) } });
    const cause = await runFlow(call, toUser('u2'), steps);
    expect(runs).toBe(MAX_STEPS);
    expect(cause).toMatchObject({ by: 'refusal', refusal: { status: 482, reason: 'Loop Detected' } });
  });

  it('stops when the caller has gone, before the next step', async () => {
    const call = flowCall();
    let runs = 0;
    const steps = registry({
      user: { needs: 'either', run: async () => (runs++, call.abortController.abort('cancel'), toUser('u3')) },
    });
    expect(await runFlow(call, toUser('u2'), steps)).toEqual({ by: 'caller' });
    expect(runs).toBe(1);
  });

  it('answers a refusal at admission without running a step', async () => {
    const call = flowCall();
    const cause = {
      by: 'refusal' as const,
      refusal: { status: 404, reason: 'Not Found', warning: null, outcome: 'failed' as const },
    };
    expect(await runFlow(call, { kind: 'end', cause })).toBe(cause);
  });

  it('bridges a connected callee, answering the caller first, until the callee hangs up', async () => {
    const call = flowCall();
    const callee = new FakeDialog();
    const caller = new FakeDialog();
    const released: string[] = [];
    // The fake leg answers at once; the session would now hold the caller's dialog.
    const answer = call.leg.answer.bind(call.leg);
    call.leg.answer = async () => {
      await answer();
      call.callerDialog = caller;
    };
    const steps = registry({
      user: {
        needs: 'either',
        run: async () => ({
          kind: 'connected',
          connection: { callee, answeredByUserId: 'u2', release: () => released.push('u2') },
        }),
      },
    });
    const ended = runFlow(call, toUser('u2'), steps);
    await expect.poll(() => call.notes.includes('bridged u2')).toBe(true);
    expect(call.media.bridged).toBe(true);
    callee.peerHangsUp();
    expect(await ended).toEqual({ by: 'callee', at: expect.any(Date) });
    expect(released).toEqual(['u2']);
    expect(callee.byes).toBe(0);
  });

  it('hangs up the callee when the caller leaves a bridged call', async () => {
    const call = flowCall();
    const callee = new FakeDialog();
    call.callerDialog = new FakeDialog();
    call.leg.answered = true;
    const steps = registry({
      user: {
        needs: 'either',
        run: async () => ({ kind: 'connected', connection: { callee, answeredByUserId: 'u2' } }),
      },
    });
    const ended = runFlow(call, toUser('u2'), steps);
    await expect.poll(() => call.notes.includes('bridged u2')).toBe(true);
    call.abortController.abort('hangup');
    expect(await ended).toEqual({ by: 'caller', at: expect.any(Date) });
    expect(callee.byes).toBe(1);
    expect(call.leg.answers).toBe(0);
  });
});
