import type { SipResponse } from '@vaxel/sip';
import { createRequest, createResponse, parseUri } from '@vaxel/sip';
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../call/callContext.ts';
import type { CallDialog, ClientInvite, InviteHandlers, OutgoingInvite, SignallingPort } from '../signalling/signallingPort.ts';
import { ringLegs } from './ringLegs.ts';

/** A leg the test drives: ring it, answer it, fail it; it records CANCELs. */
class FakeLeg implements ClientInvite {
  cancelled = false;
  constructor(readonly spec: OutgoingInvite, readonly handlers: InviteHandlers) {}
  cancel(): void {
    this.cancelled = true;
  }
  respond(status: number, body = ''): SipResponse {
    const request = createRequest({ method: 'INVITE', uri: parseUri(this.spec.uri), headers: [['Via', 'SIP/2.0/UDP x;branch=z9hG4bKx'], ['From', '<sip:a@x>;tag=1'], ['To', '<sip:b@x>'], ['Call-ID', 'c'], ['CSeq', '1 INVITE']] });
    return createResponse(request, status, { toTag: 'peer', body });
  }
  ring(): void {
    this.handlers.onProvisional(this.respond(180));
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
    byes: 0,
    async bye() {
      this.byes++;
    },
    async reinvite() {
      return null;
    },
    onBye() {},
    onReinvite() {},
  };
}

function setup() {
  const legs: FakeLeg[] = [];
  const signalling: SignallingPort = {
    async start() {},
    async stop() {},
    stats: () => ({ transactions: 0, dialogs: 0, sockets: 0 }),
    invite(spec, handlers) {
      const leg = new FakeLeg(spec, handlers);
      legs.push(leg);
      return leg;
    },
  };
  const provisional = vi.fn();
  const abort = new AbortController();
  const ctx = {
    abort: abort.signal,
    alerted: false,
    invite: { provisional },
    media: { acceptCalleeAnswer() {}, answerToCaller: () => 'v=0', bridge() {} },
    services: { signalling },
  } as unknown as CallContext;
  const spec = (n: number): OutgoingInvite => ({ uri: `sip:bob@10.0.0.${n}`, target: { transport: 'udp', address: `10.0.0.${n}`, port: 5060 }, from: '<sip:a@x>', to: '<sip:b@x>', sdp: 'v=0' });
  return { ctx, legs, provisional, abort, spec };
}

describe('ringLegs', () => {
  it('lets the first answer win and cancels the other legs', async () => {
    const { ctx, legs, spec } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2), spec(3)], 20);
    legs[1]!.answer();
    expect(await result).toMatchObject({ kind: 'answered', leg: 1 });
    expect(legs.map((l) => l.cancelled)).toEqual([true, false, true]);
  });

  it('ends a second answer that arrives after the first with BYE', async () => {
    const { ctx, legs, spec } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2)], 20);
    legs[0]!.answer();
    await result;
    const late = legs[1]!.answer() as ReturnType<typeof fakeDialog>;
    expect(late.byes).toBe(1);
  });

  it('tells the caller it rings once, however many devices ring', async () => {
    const { ctx, legs, spec, provisional } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2)], 20);
    legs[0]!.ring();
    legs[1]!.ring();
    legs[0]!.answer();
    await result;
    expect(provisional).toHaveBeenCalledTimes(1);
    expect(provisional).toHaveBeenCalledWith(180);
  });

  it('waits for every leg to fail and reports their statuses', async () => {
    const { ctx, legs, spec } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2)], 20);
    legs[0]!.fail(480);
    legs[1]!.fail(486);
    expect(await result).toEqual({ kind: 'failed', statuses: [480, 486] });
  });

  it('stops at a 6xx and cancels the rest (RFC 3261 §16.7)', async () => {
    const { ctx, legs, spec } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2)], 20);
    legs[0]!.fail(603);
    expect(await result).toEqual({ kind: 'failed', statuses: [603] });
    expect(legs[1]!.cancelled).toBe(true);
  });

  it('gives up after the ring time and cancels every leg', async () => {
    vi.useFakeTimers();
    try {
      const { ctx, legs, spec } = setup();
      const result = ringLegs(ctx, [spec(1)], 5);
      vi.advanceTimersByTime(5000);
      expect(await result).toEqual({ kind: 'timeout' });
      expect(legs[0]!.cancelled).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels every leg when the caller hangs up', async () => {
    const { ctx, legs, spec, abort } = setup();
    const result = ringLegs(ctx, [spec(1), spec(2)], 20);
    abort.abort('cancel');
    expect(await result).toEqual({ kind: 'aborted' });
    expect(legs.every((l) => l.cancelled)).toBe(true);
  });
});
