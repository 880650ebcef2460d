import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { InvalidStateError } from '../message/errors.ts';
import {
  createRequest,
  createResponse,
  getCSeq,
  getVias,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { InviteClientState, InviteClientTransaction } from './invite-client-transaction.ts';
import { InviteServerState, InviteServerTransaction } from './invite-server-transaction.ts';
import { NonInviteClientState, NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import { NonInviteServerState, NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { DEFAULT_TIMERS, timerValues } from './timers.ts';
import type { TransactionContext } from './transaction.ts';

function request(method: string): SipRequest {
  return createRequest({
    method,
    uri: parseUri('sip:bob@example.com'),
    headers: [
      ['Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKtest'],
      ['From', '<sip:alice@example.com>;tag=a'],
      ['To', '<sip:bob@example.com>'],
      ['Call-ID', 'tx-test'],
      ['CSeq', `1 ${method}`],
      ['Max-Forwards', '70'],
      ['Route', '<sip:proxy.example.com;lr>'],
    ],
  });
}

interface Harness {
  clock: FakeClock;
  sent: Array<{ at: number; message: SipMessage }>;
  terminated: number;
  context: (reliable?: boolean) => TransactionContext;
}

function harness(): Harness {
  const clock = new FakeClock();
  const h: Harness = {
    clock,
    sent: [],
    terminated: 0,
    context: (reliable = false) => ({
      clock,
      timers: timerValues(DEFAULT_TIMERS),
      reliable,
      send: async (message) => {
        h.sent.push({ at: clock.now(), message });
      },
      onTerminated: () => h.terminated++,
    }),
  };
  return h;
}

const times = (h: Harness) => h.sent.map((s) => s.at);

describe('INVITE client transaction (§17.1.1, RFC 6026)', () => {
  let h: Harness;
  let responses: SipResponse[];
  let timeouts: number;
  const user = () => ({ onResponse: (r: SipResponse) => responses.push(r), onTimeout: () => timeouts++ });
  beforeEach(() => {
    h = harness();
    responses = [];
    timeouts = 0;
  });

  it('retransmits the INVITE on Timer A, doubling from T1, until Timer B times it out at 64*T1', () => {
    const tx = new InviteClientTransaction('t', request('INVITE'), h.context(), user());
    h.clock.advance(40_000);
    expect(times(h)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(timeouts).toBe(1);
    expect(tx.state).toBe(InviteClientState.Terminated);
    expect(h.terminated).toBe(1);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('does not retransmit over a reliable transport', () => {
    new InviteClientTransaction('t', request('INVITE'), h.context(true), user());
    h.clock.advance(31_999);
    expect(times(h)).toEqual([0]);
  });

  it('stops retransmitting and keeps waiting once a provisional response arrives', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction('t', invite, h.context(), user());
    tx.receiveResponse(createResponse(invite, 180, { toTag: 'b' }));
    h.clock.advance(60_000);
    expect(tx.state).toBe(InviteClientState.Proceeding);
    expect(times(h)).toEqual([0]);
    expect(timeouts).toBe(0);
    expect(responses.map((r) => r.status)).toEqual([180]);
  });

  it('ACKs a non-2xx final response itself, re-ACKs its retransmissions, and ends on Timer D', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction('t', invite, h.context(), user());
    const busy = createResponse(invite, 486, { toTag: 'b' });
    tx.receiveResponse(busy);
    tx.receiveResponse(busy);
    expect(tx.state).toBe(InviteClientState.Completed);
    expect(responses.map((r) => r.status)).toEqual([486]);
    const acks = h.sent.slice(1).map((s) => s.message as SipRequest);
    expect(acks.map((ack) => ack.method)).toEqual(['ACK', 'ACK']);
    expect(acks[0]!.headers.get('To')).toBe(busy.headers.get('To'));
    expect(getVias(acks[0]!)).toHaveLength(1);
    expect(getCSeq(acks[0]!)).toEqual({ seq: 1, method: 'ACK' });
    expect(acks[0]!.headers.getAll('Route')).toEqual(['<sip:proxy.example.com;lr>']);
    h.clock.advance(31_999);
    expect(tx.state).toBe(InviteClientState.Completed);
    h.clock.advance(1);
    expect(tx.state).toBe(InviteClientState.Terminated);
  });

  it('enters Accepted on a 2xx, passes 2xx retransmissions up, and ends on Timer M', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction('t', invite, h.context(), user());
    const ok = createResponse(invite, 200, { toTag: 'b' });
    tx.receiveResponse(ok);
    tx.receiveResponse(ok);
    expect(tx.state).toBe(InviteClientState.Accepted);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(h.sent).toHaveLength(1); // the ACK for a 2xx is the TU's job (§13.2.2.4)
    h.clock.advance(32_000);
    expect(tx.state).toBe(InviteClientState.Terminated);
  });

  it('times out on Timer C in Proceeding when configured, resetting it on each provisional', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction('t', invite, h.context(), user(), 180_000);
    tx.receiveResponse(createResponse(invite, 180, { toTag: 'b' }));
    h.clock.advance(100_000);
    tx.receiveResponse(createResponse(invite, 183, { toTag: 'b' }));
    h.clock.advance(179_999);
    expect(timeouts).toBe(0);
    h.clock.advance(1);
    expect(timeouts).toBe(1);
    expect(tx.state).toBe(InviteClientState.Terminated);
  });

  it('reports a transport error and terminates', async () => {
    const context = { ...h.context(), send: async () => Promise.reject(new Error('unreachable')) };
    let error: Error | undefined;
    const tx = new InviteClientTransaction('t', request('INVITE'), context, {
      onResponse: () => undefined,
      onTransportError: (e) => (error = e),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(error?.message).toBe('unreachable');
    expect(tx.state).toBe(InviteClientState.Terminated);
  });
});

describe('non-INVITE client transaction (§17.1.2)', () => {
  it('retransmits on Timer E, doubling up to T2, and times out on Timer F', () => {
    const h = harness();
    let timeouts = 0;
    const tx = new NonInviteClientTransaction('t', request('OPTIONS'), h.context(), {
      onResponse: () => undefined,
      onTimeout: () => timeouts++,
    });
    h.clock.advance(40_000);
    expect(times(h)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(timeouts).toBe(1);
    expect(tx.state).toBe(NonInviteClientState.Terminated);
  });

  it('retransmits every T2 once Proceeding, and absorbs final retransmissions during Timer K', () => {
    const h = harness();
    const statuses: number[] = [];
    const options = request('OPTIONS');
    const tx = new NonInviteClientTransaction('t', options, h.context(), {
      onResponse: (r) => statuses.push(r.status),
    });
    tx.receiveResponse(createResponse(options, 100));
    h.clock.advance(8_600);
    expect(times(h)).toEqual([0, 500, 4500, 8500]);
    const ok = createResponse(options, 200, { toTag: 'x' });
    tx.receiveResponse(ok);
    tx.receiveResponse(ok);
    expect(statuses).toEqual([100, 200]);
    expect(tx.state).toBe(NonInviteClientState.Completed);
    h.clock.advance(5_000);
    expect(tx.state).toBe(NonInviteClientState.Terminated);
  });

  it('goes straight through Completed on a reliable transport (Timer K = 0)', () => {
    const h = harness();
    const options = request('OPTIONS');
    const tx = new NonInviteClientTransaction('t', options, h.context(true), { onResponse: () => undefined });
    tx.receiveResponse(createResponse(options, 200, { toTag: 'x' }));
    h.clock.advance(0);
    expect(tx.state).toBe(NonInviteClientState.Terminated);
    expect(times(h)).toEqual([0]);
  });
});

describe('INVITE server transaction (§17.2.1, RFC 6026)', () => {
  it('sends 100 Trying at once and answers a retransmitted INVITE with the latest provisional', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction('t', invite, h.context());
    expect(tx.receiveRequest(invite)).toBe(true);
    tx.respond(createResponse(invite, 180, { toTag: 'b' }));
    tx.receiveRequest(invite);
    expect(h.sent.map((s) => (s.message as SipResponse).status)).toEqual([100, 100, 180, 180]);
  });

  it('retransmits a failure on Timer G until the ACK, then absorbs ACKs until Timer I', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction('t', invite, h.context());
    h.sent.length = 0;
    tx.respond(createResponse(invite, 486, { toTag: 'b' }));
    h.clock.advance(8_000);
    expect(times(h)).toEqual([0, 500, 1500, 3500, 7500]);
    const ack = createRequest({
      method: 'ACK',
      uri: invite.uri,
      headers: [...invite.headers].map((x) => [x.name, x.name === 'CSeq' ? '1 ACK' : x.value] as const),
    });
    expect(tx.receiveRequest(ack)).toBe(true);
    expect(tx.state).toBe(InviteServerState.Confirmed);
    expect(tx.receiveRequest(ack)).toBe(true);
    h.clock.advance(20_000);
    expect(times(h)).toHaveLength(5);
    expect(tx.state).toBe(InviteServerState.Terminated);
  });

  it('gives up on Timer H when no ACK comes, and tells the TU', () => {
    const h = harness();
    const invite = request('INVITE');
    let timeouts = 0;
    const tx = new InviteServerTransaction('t', invite, h.context(), { onTimeout: () => timeouts++ });
    tx.respond(createResponse(invite, 603, { toTag: 'b' }));
    h.clock.advance(32_000);
    expect(timeouts).toBe(1);
    expect(tx.state).toBe(InviteServerState.Terminated);
  });

  it('enters Accepted on 2xx, lets the TU retransmit it, absorbs INVITE retransmissions, ends on Timer L', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction('t', invite, h.context());
    const ok = createResponse(invite, 200, { toTag: 'b' });
    tx.respond(ok);
    tx.respond(ok);
    expect(tx.receiveRequest(invite)).toBe(true);
    expect(h.sent.map((s) => (s.message as SipResponse).status)).toEqual([100, 200, 200]);
    expect(tx.state).toBe(InviteServerState.Accepted);
    h.clock.advance(32_000);
    expect(tx.state).toBe(InviteServerState.Terminated);
  });

  it('refuses a second final response after a failure', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction('t', invite, h.context());
    tx.respond(createResponse(invite, 486, { toTag: 'b' }));
    expect(() => tx.respond(createResponse(invite, 200, { toTag: 'b' }))).toThrow(InvalidStateError);
  });
});

describe('non-INVITE server transaction (§17.2.2)', () => {
  it('discards retransmissions in Trying, repeats the last response afterwards, and ends on Timer J', () => {
    const h = harness();
    const bye = request('BYE');
    const tx = new NonInviteServerTransaction('t', bye, h.context());
    expect(tx.receiveRequest(bye)).toBe(true);
    expect(h.sent).toHaveLength(0);
    tx.respond(createResponse(bye, 200));
    tx.receiveRequest(bye);
    expect(h.sent.map((s) => (s.message as SipResponse).status)).toEqual([200, 200]);
    expect(tx.state).toBe(NonInviteServerState.Completed);
    expect(() => tx.respond(createResponse(bye, 500))).toThrow(InvalidStateError);
    h.clock.advance(31_999);
    expect(tx.state).toBe(NonInviteServerState.Completed);
    h.clock.advance(1);
    expect(tx.state).toBe(NonInviteServerState.Terminated);
    expect(h.terminated).toBe(1);
  });

  it('terminates at once after the final response over a reliable transport', () => {
    const h = harness();
    const bye = request('BYE');
    const tx = new NonInviteServerTransaction('t', bye, h.context(true));
    tx.respond(createResponse(bye, 200));
    h.clock.advance(0);
    expect(tx.state).toBe(NonInviteServerState.Terminated);
  });
});
