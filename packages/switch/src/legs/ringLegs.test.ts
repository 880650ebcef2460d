import type { SipResponse } from '@vaxel/sip';
import { createRequest, createResponse, parseUri } from '@vaxel/sip';
import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import type { CallDialog, ClientInvite, InviteHandlers, OutgoingInvite } from '../signalling/signallingPort.ts';
import { ringLegs, type AnswerGate, type RingProgress } from './ringLegs.ts';

/** A leg the test drives: ring it, answer it, fail it; it records CANCELs. */
class FakeLeg implements ClientInvite {
  cancelled = false;
  constructor(
    readonly spec: OutgoingInvite,
    readonly handlers: InviteHandlers,
  ) {}
  cancel(): void {
    this.cancelled = true;
  }
  respond(status: number, body = ''): SipResponse {
    const request = createRequest({
      method: 'INVITE',
      uri: parseUri(this.spec.uri),
      headers: [
        ['Via', 'SIP/2.0/UDP x;branch=z9hG4bKx'],
        ['From', '<sip:a@x>;tag=1'],
        ['To', '<sip:b@x>'],
        ['Call-ID', 'c'],
        ['CSeq', '1 INVITE'],
      ],
    });
    return createResponse(request, status, { toTag: 'peer', body });
  }
  ring(status = 180, body = ''): void {
    this.handlers.onProvisional(this.respond(status, body));
  }
  answer(dialog: CallDialog = fakeDialog()): CallDialog {
    this.handlers.onAnswered(this.respond(200, 'v=0'), dialog);
    return dialog;
  }
  fail(status: number): void {
    this.handlers.onFailed(this.respond(status), status);
  }
}

function fakeDialog(): CallDialog & { byes: number } {
  return {
    signalledFrom: '127.0.0.1',
    byes: 0,
    stored: () => null,
    async bye() {
      this.byes++;
    },
    async reinvite() {
      return null;
    },
    onBye() {},
    onReinvite() {},
    onInfo() {},
  };
}

/** Counts what the fork reports to the ringing step; takes early media when told to. */
class RecordingProgress implements RingProgress {
  rings = 0;
  early: Array<{ sdp: string; leg: number }> = [];
  constructor(private readonly takeEarlyMedia = false) {}
  ringing(): void {
    this.rings++;
  }
  earlyMedia(sdp: string, leg: number): boolean {
    this.early.push({ sdp, leg });
    return this.takeEarlyMedia;
  }
}

function setup(takeEarlyMedia = false) {
  const legs: FakeLeg[] = [];
  const clock = new FakeClock(1_000_000);
  const abort = new AbortController();
  const call = {
    abort: abort.signal,
    services: {
      clock,
      signalling: {
        invite(spec: OutgoingInvite, handlers: InviteHandlers) {
          const leg = new FakeLeg(spec, handlers);
          legs.push(leg);
          return leg;
        },
      },
    },
  };
  const spec = (n: number): OutgoingInvite => ({
    uri: `sip:bob@10.0.0.${n}`,
    target: { transport: 'udp', address: `10.0.0.${n}`, port: 5060 },
    from: '<sip:a@x>',
    to: '<sip:b@x>',
    sdp: 'v=0',
  });
  return { call, legs, abort, spec, clock, progress: new RecordingProgress(takeEarlyMedia) };
}

describe('ringLegs', () => {
  it('lets the first answer win and cancels the other legs', async () => {
    const { call, legs, spec, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2), spec(3)], 20, progress);
    legs[1]!.answer();
    expect(await result).toMatchObject({ kind: 'answered', leg: 1 });
    expect(legs.map((l) => l.cancelled)).toEqual([true, false, true]);
  });

  it('ends a second answer that arrives after the first with BYE', async () => {
    const { call, legs, spec, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress);
    legs[0]!.answer();
    await result;
    const late = legs[1]!.answer() as ReturnType<typeof fakeDialog>;
    expect(late.byes).toBe(1);
  });

  it('reports every leg’s ringing to the step, which decides what the caller hears', async () => {
    const { call, legs, spec, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress);
    legs[0]!.ring();
    legs[1]!.ring();
    legs[0]!.answer();
    await result;
    expect(progress.rings).toBe(2);
  });

  it('offers a 183 with SDP to the step as early media, and treats it as ringing when the step declines', async () => {
    const declined = setup(false);
    void ringLegs(declined.call, [declined.spec(1)], 20, declined.progress);
    declined.legs[0]!.ring(183, 'v=0 early');
    expect(declined.progress.early).toEqual([{ sdp: 'v=0 early', leg: 0 }]);
    expect(declined.progress.rings).toBe(1);

    const taken = setup(true);
    void ringLegs(taken.call, [taken.spec(1)], 20, taken.progress);
    taken.legs[0]!.ring(183, 'v=0 early');
    expect(taken.progress.rings).toBe(0);
    declined.abort.abort('cancel');
    taken.abort.abort('cancel');
  });

  it('waits for every leg to fail and reports their statuses', async () => {
    const { call, legs, spec, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress);
    legs[0]!.fail(480);
    legs[1]!.fail(486);
    expect(await result).toEqual({ kind: 'failed', statuses: [480, 486] });
  });

  it('stops at a 6xx and cancels the rest (RFC 3261 §16.7)', async () => {
    const { call, legs, spec, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress);
    legs[0]!.fail(603);
    expect(await result).toEqual({ kind: 'failed', statuses: [603] });
    expect(legs[1]!.cancelled).toBe(true);
  });

  it('gives up after the ring time on the call’s clock and cancels every leg', async () => {
    const { call, legs, spec, clock, progress } = setup();
    const result = ringLegs(call, [spec(1)], 5, progress);
    clock.advance(4999);
    expect(legs[0]!.cancelled).toBe(false);
    clock.advance(1);
    expect(await result).toEqual({ kind: 'timeout' });
    expect(legs[0]!.cancelled).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels every leg when the caller hangs up, and leaves no timer behind', async () => {
    const { call, legs, spec, abort, clock, progress } = setup();
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress);
    abort.abort('cancel');
    expect(await result).toEqual({ kind: 'aborted' });
    expect(legs.every((l) => l.cancelled)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});

/** A gate the test decides: each answer that reaches it waits until the test says yes or no. */
function gates(gatedLegs: number[]) {
  const open = new Map<number, { decide(accepted: boolean): void; signal: AbortSignal }>();
  const gate: AnswerGate = (leg, _response, _dialog, signal) => {
    if (!gatedLegs.includes(leg)) return null;
    return new Promise<boolean>((resolve) => {
      signal.addEventListener('abort', () => resolve(false), { once: true });
      open.set(leg, { decide: resolve, signal });
    });
  };
  return { gate, open };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ringLegs with an answer gate (a mobile agent presses 1)', () => {
  it('lets a gated leg win only once its gate says yes, cancelling the others then', async () => {
    const { call, legs, spec, progress } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress, { gate });
    legs[0]!.answer();
    await settle();
    expect(legs[1]!.cancelled).toBe(false);
    open.get(0)!.decide(true);
    expect(await result).toMatchObject({ kind: 'answered', leg: 0 });
    expect(legs[1]!.cancelled).toBe(true);
  });

  it('keeps the other legs ringing while a gate is open, lets one of them win, and ends the gated leg with BYE', async () => {
    const { call, legs, spec, progress } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress, { gate });
    const mobile = legs[0]!.answer() as ReturnType<typeof fakeDialog>;
    legs[1]!.answer();
    expect(await result).toMatchObject({ kind: 'answered', leg: 1 });
    expect(open.get(0)!.signal.aborted).toBe(true);
    await settle();
    expect(mobile.byes).toBe(1);
    expect(legs[0]!.cancelled).toBe(false);
  });

  it('ends a leg whose gate says no with BYE and fails when no other leg is left', async () => {
    const { call, legs, spec, progress } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress, { gate });
    legs[1]!.fail(486);
    const mobile = legs[0]!.answer() as ReturnType<typeof fakeDialog>;
    await settle();
    open.get(0)!.decide(false);
    expect(await result).toEqual({ kind: 'failed', statuses: [486] });
    expect(mobile.byes).toBe(1);
  });

  it('lets the ring time CANCEL the ringing legs but not cut an open gate short', async () => {
    const { call, legs, spec, progress, clock } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress, { gate });
    legs[0]!.answer();
    await settle();
    clock.advance(20_000);
    expect(legs[1]!.cancelled).toBe(true);
    expect(open.get(0)!.signal.aborted).toBe(false);
    open.get(0)!.decide(true);
    expect(await result).toMatchObject({ kind: 'answered', leg: 0 });
  });

  it('times out when the last open gate says no after the ring time', async () => {
    const { call, legs, spec, progress, clock } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1), spec(2)], 20, progress, { gate });
    legs[0]!.answer();
    await settle();
    clock.advance(20_000);
    legs[1]!.fail(487);
    open.get(0)!.decide(false);
    expect(await result).toEqual({ kind: 'timeout' });
  });

  it('aborts an open gate and ends its leg with BYE when the caller hangs up', async () => {
    const { call, legs, spec, progress, abort } = setup();
    const { gate, open } = gates([0]);
    const result = ringLegs(call, [spec(1)], 20, progress, { gate });
    const mobile = legs[0]!.answer() as ReturnType<typeof fakeDialog>;
    await settle();
    abort.abort('caller hung up');
    expect(await result).toEqual({ kind: 'aborted' });
    expect(open.get(0)!.signal.aborted).toBe(true);
    await settle();
    expect(mobile.byes).toBe(1);
  });
});
