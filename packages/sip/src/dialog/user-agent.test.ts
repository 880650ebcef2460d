import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { DigestServer } from '../auth/digest-server.ts';
import { computeHa1 } from '../auth/digest-hash.ts';
import { createRequest, type SipMessage, type SipRequest, type SipResponse } from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { MemoryTransport } from '../transport/memory-transport.ts';
import type { SendTarget } from '../transport/transport.ts';
import type { Dialog } from './dialog.ts';
import type { IncomingInvite } from './incoming-invite.ts';
import { UserAgent, type DialogEndReason, type UserAgentOptions } from './user-agent.ts';

/** Two memory transports wired to each other; `drop` can lose messages on the way. */
class LinkedTransport extends MemoryTransport {
  peer: LinkedTransport | undefined;
  drop: ((message: SipMessage) => boolean) | undefined;
  override async send(message: SipMessage, target: SendTarget): Promise<void> {
    await super.send(message, target);
    if (this.drop?.(message)) return;
    this.peer?.inject(message, { address: this.local.address, port: this.local.port });
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const isAck = (message: SipMessage) => message.kind === 'request' && message.method === 'ACK';

describe('UserAgent', () => {
  let clock: FakeClock;
  let aliceNet: LinkedTransport;
  let bobNet: LinkedTransport;
  let alice: UserAgent;
  let bob: UserAgent;
  let invites: IncomingInvite[];
  let ended: Array<[string, DialogEndReason]>;

  function start(bobOptions: Partial<UserAgentOptions> = {}) {
    alice = new UserAgent({
      transports: [aliceNet],
      clock,
      contactUser: 'alice',
      onDialogTerminated: (_, reason) => ended.push(['alice', reason]),
    });
    bob = new UserAgent({
      transports: [bobNet],
      clock,
      contactUser: 'bob',
      onInvite: (invite) => invites.push(invite),
      onDialogTerminated: (_, reason) => ended.push(['bob', reason]),
      ...bobOptions,
    });
  }

  beforeEach(() => {
    clock = new FakeClock();
    aliceNet = new LinkedTransport({ address: '127.0.0.1', port: 5060 });
    bobNet = new LinkedTransport({ address: '127.0.0.2', port: 5060 });
    aliceNet.peer = bobNet;
    bobNet.peer = aliceNet;
    invites = [];
    ended = [];
  });

  afterEach(async () => {
    await alice?.close();
    await bob?.close();
  });

  async function call(): Promise<{ aliceDialog: Dialog; bobDialog: Dialog; acks: SipRequest[] }> {
    const outgoing = alice.invite({
      uri: 'sip:bob@127.0.0.2',
      from: '<sip:alice@example.com>',
      body: 'v=0\r\n',
      headers: [['Content-Type', 'application/sdp']],
    });
    await flush();
    const acks: SipRequest[] = [];
    const incoming = invites.shift()!;
    incoming.onAck = (ack) => acks.push(ack);
    incoming.progress(180);
    const bobDialog = incoming.accept({ body: 'v=0\r\n', headers: [['Content-Type', 'application/sdp']] });
    await flush();
    const outcome = await outgoing.outcome;
    if (!outcome.ok) throw new Error(`call failed with ${outcome.response.status}`);
    await flush();
    return { aliceDialog: outcome.dialog, bobDialog, acks };
  }

  it('sets up a call: 180, 200, ACK, one dialog on each side', async () => {
    start();
    const { aliceDialog, bobDialog, acks } = await call();
    expect(aliceDialog.id.callId).toBe(bobDialog.id.callId);
    expect(aliceDialog.id.localTag).toBe(bobDialog.id.remoteTag);
    expect(acks).toHaveLength(1);
    expect(alice.stats().dialogs).toBe(1);
    expect(bob.stats().dialogs).toBe(1);
  });

  it('ends the call on BYE on both sides, and lets every transaction drain', async () => {
    start();
    const { aliceDialog } = await call();
    const response = await alice.bye(aliceDialog);
    expect(response.status).toBe(200);
    expect(ended).toEqual([
      ['alice', 'bye-sent'],
      ['bob', 'bye-received'],
    ]);
    clock.advance(64_000);
    expect(alice.stats()).toEqual({ transactions: 0, dialogs: 0, connections: 0 });
    expect(bob.stats()).toEqual({ transactions: 0, dialogs: 0, connections: 0 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels a ringing call: the callee hears of it and the INVITE ends with 487 (§9)', async () => {
    start();
    const outgoing = alice.invite({ uri: 'sip:bob@127.0.0.2', from: '<sip:alice@example.com>' });
    await flush();
    const incoming = invites.shift()!;
    let cancelled = false;
    incoming.onCancel = () => (cancelled = true);
    incoming.progress(180);
    await flush();
    expect(alice.stats().dialogs).toBe(1); // the early dialog
    expect(outgoing.cancel()).toBe(true);
    await flush();
    const outcome = await outgoing.outcome;
    expect(cancelled).toBe(true);
    expect(outcome.ok ? 200 : outcome.response.status).toBe(487);
    expect(alice.stats().dialogs).toBe(0);
    expect(bob.stats().dialogs).toBe(0);
  });

  it('waits for a provisional response before sending CANCEL (§9.1)', async () => {
    start();
    aliceNet.drop = () => false;
    bobNet.drop = () => true; // bob's 100 Trying never arrives
    const outgoing = alice.invite({ uri: 'sip:bob@127.0.0.2', from: '<sip:alice@example.com>' });
    await flush();
    outgoing.cancel();
    await flush();
    expect(aliceNet.sent.filter((s) => s.message.kind === 'request' && s.message.method === 'CANCEL')).toHaveLength(0);
  });

  it('re-ACKs a retransmitted 2xx when its ACK was lost (§13.2.2.4)', async () => {
    start();
    let dropped = 0;
    aliceNet.drop = (message) => isAck(message) && dropped++ === 0;
    const { acks } = await call();
    expect(acks).toHaveLength(0);
    clock.advance(500); // bob retransmits the 200 after T1
    await flush();
    expect(acks).toHaveLength(1);
    clock.advance(64_000);
    expect(ended).toEqual([]);
  });

  it('hangs up with BYE when the ACK never arrives (§13.3.1.4)', async () => {
    start();
    aliceNet.drop = isAck;
    await call();
    clock.advance(32_000);
    await flush();
    expect(ended).toContainEqual(['bob', 'ack-timeout']);
    expect(ended).toContainEqual(['alice', 'bye-received']);
  });

  it('handles a re-INVITE: the callee accepts and the caller ACKs and refreshes the target', async () => {
    const reinvites: IncomingInvite[] = [];
    start({ onReinvite: (_, invite) => reinvites.push(invite) });
    const { aliceDialog } = await call();
    const pending = alice.reinvite(aliceDialog, { body: 'v=0\r\n', headers: [['Content-Type', 'application/sdp']] });
    await flush();
    const acks: SipRequest[] = [];
    reinvites[0]!.onAck = (ack) => acks.push(ack);
    reinvites[0]!.accept();
    expect((await pending).status).toBe(200);
    await flush();
    expect(acks).toHaveLength(1);
    expect(alice.stats().dialogs).toBe(1);
  });

  it('answers 481 to a request for a dialog it does not know (§12.2.2)', async () => {
    start();
    const response = await alice.request('INFO', {
      uri: 'sip:bob@127.0.0.2',
      from: '<sip:alice@example.com>',
      to: '<sip:bob@example.com>;tag=nosuch',
    });
    expect(response.status).toBe(481);
  });

  it('answers 501 to an unknown method, 405 to a known one it does not do, 200 to OPTIONS with Allow', async () => {
    start();
    const base = { uri: 'sip:bob@127.0.0.2', from: '<sip:alice@example.com>' };
    expect((await alice.request('FROBNICATE', base)).status).toBe(501);
    const refused = await alice.request('REGISTER', base);
    expect(refused.status).toBe(405);
    const options = await alice.request('OPTIONS', base);
    expect(options.status).toBe(200);
    expect(options.headers.get('Allow')).toContain('INVITE');
  });

  it('answers 481 to a CANCEL that matches no INVITE (§9.2)', async () => {
    start();
    bobNet.inject(
      createRequest({
        method: 'CANCEL',
        uri: parseUri('sip:bob@127.0.0.2'),
        headers: [
          ['Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnoinvite'],
          ['From', '<sip:alice@example.com>;tag=x'],
          ['To', '<sip:bob@example.com>'],
          ['Call-ID', 'no-such-invite'],
          ['CSeq', '1 CANCEL'],
        ],
      }),
      { address: '127.0.0.1', port: 5060 },
    );
    await flush();
    expect(bobNet.sent.map((s) => (s.message as SipResponse).status)).toEqual([481]);
  });

  it('answers a digest challenge when given credentials', async () => {
    const digest = new DigestServer({
      secret: Buffer.from('s'),
      now: () => clock.now(),
      lookupHa1: (user, realm, algorithm) => (user === 'alice' ? computeHa1(algorithm, user, realm, 'pw') : undefined),
    });
    start({
      allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER'],
      onRequest: (incoming) => {
        void digest.verify(incoming.request, { realm: 'example.com', proxy: false }).then((verdict) => {
          if (verdict.ok) incoming.respond(200);
          else incoming.respond(verdict.status, { headers: verdict.headers });
        });
      },
    });
    const response = await alice.request('REGISTER', {
      uri: 'sip:127.0.0.2',
      from: '<sip:alice@example.com>',
      to: '<sip:alice@example.com>',
      headers: [['Contact', '<sip:alice@127.0.0.1>']],
      credentials: { username: 'alice', password: 'pw' },
    });
    expect(response.status).toBe(200);
  });

  it('reports a timeout as 408 when nobody answers', async () => {
    start();
    aliceNet.drop = () => true;
    const pending = alice.request('OPTIONS', { uri: 'sip:bob@127.0.0.2', from: '<sip:alice@example.com>' });
    clock.advance(32_000);
    expect((await pending).status).toBe(408);
  });

  it('can be closed twice and then refuses to send', async () => {
    start();
    await call();
    await alice.close();
    await alice.close();
    expect(alice.stats()).toEqual({ transactions: 0, dialogs: 0, connections: 0 });
    expect(() => alice.request('OPTIONS', { uri: 'sip:bob@127.0.0.2', from: '<sip:a@b>' })).toThrow('closed');
  });

  it('rejects an INVITE with 480 when nobody handles INVITEs', async () => {
    start({ onInvite: undefined });
    const outcome = await alice.invite({ uri: 'sip:bob@127.0.0.2', from: '<sip:alice@example.com>' }).outcome;
    expect(outcome.ok ? 200 : outcome.response.status).toBe(480);
  });

  it.each([
    [true, '127.0.0.1'],
    [false, '10.0.0.1'],
  ])('with natFlows %s sends in-dialog requests to %s', async (natFlows, address) => {
    start({ natFlows });
    const outgoing = alice.invite({
      uri: 'sip:bob@127.0.0.2',
      from: '<sip:alice@example.com>',
      headers: [['Contact', '<sip:alice@10.0.0.1:5060>']],
    });
    await flush();
    const dialog = invites.shift()!.accept();
    await outgoing.outcome;
    bobNet.take();
    await bob.bye(dialog);
    const bye = bobNet.take().find((s) => s.message.kind === 'request' && s.message.method === 'BYE');
    expect(bye?.target.address).toBe(address);
  });

  it('answers a digest challenge to an INVITE and ACKs the 2xx with the new CSeq', async () => {
    const digest = new DigestServer({
      secret: Buffer.from('s'),
      now: () => clock.now(),
      lookupHa1: (user, realm, algorithm) => computeHa1(algorithm, user, realm, 'pw'),
    });
    const acks: SipRequest[] = [];
    start({
      onInvite: (invite) => {
        void digest.verify(invite.request, { realm: 'example.com', proxy: true }).then((verdict) => {
          if (!verdict.ok) return invite.reject(verdict.status, { headers: verdict.headers });
          invite.onAck = (ack) => acks.push(ack);
          invite.accept();
        });
      },
    });
    const outgoing = alice.invite({
      uri: 'sip:bob@127.0.0.2',
      from: '<sip:alice@example.com>',
      cseq: 5,
      credentials: { username: 'alice', password: 'pw' },
    });
    const outcome = await outgoing.outcome;
    await flush();
    expect(outcome.ok).toBe(true);
    expect(outgoing.request.headers.get('CSeq')).toBe('6 INVITE');
    expect(acks.map((ack) => ack.headers.get('CSeq'))).toEqual(['6 ACK']);
    expect(acks[0]!.headers.has('Proxy-Authorization')).toBe(true);
  });
});
