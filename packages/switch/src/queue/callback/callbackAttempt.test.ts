import type { Prompt } from '@vaxel/domain';
import type { SipResponse } from '@vaxel/sip';
import { openStore, type Store } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SwitchDirectory } from '../../directory/switchDirectory.ts';
import { flowCall } from '../../flow/testCall.ts';
import { FakeDialog } from '../../signalling/fakeSignalling.ts';
import type { InviteHandlers, OutgoingInvite } from '../../signalling/signallingPort.ts';
import { CallbackAttempt } from './callbackAttempt.ts';
import { CallbackJourney } from './callbackJourney.ts';

const trunk = {
  id: 'trunk-1',
  name: 'Carrier',
  host: '127.0.0.1',
  port: 5099,
  transport: 'udp' as const,
  inboundAddresses: [],
  organisationIds: [],
  username: null,
  password: null,
  forwardedCallerId: 'original_with_diversion' as const,
};
const answer = (): SipResponse => ({ status: 200, body: Buffer.from('v=0 party-answer') }) as unknown as SipResponse;

let store: Store;
let organisationId: string;
beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  // National calls only (the factory outbound rules).
  organisationId = (
    await store.organisations.create({
      name: 'Acme AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
});
afterEach(async () => store.close());

function setUp(number = '+46701234567') {
  const texts: string[] = [];
  const invites: Array<{ request: OutgoingInvite; handlers: InviteHandlers; cancelled: boolean }> = [];
  const base = flowCall({
    prompts: {
      samples: async (_org: string, prompt: Prompt) => {
        if (prompt.type !== 'tts') throw new Error('only speech here');
        texts.push(prompt.text);
        return Int16Array.of(-texts.length);
      },
    },
    signalling: {
      invite(request, handlers) {
        const leg = { request, handlers, cancelled: false };
        invites.push(leg);
        return { cancel: () => void (leg.cancelled = true) };
      },
    },
  });
  const journey = new CallbackJourney(
    { create: async (_o, c) => ({ ...c, id: 'cb-1', organisationId: 'org-1' }), update: async (_o, c) => c },
    {
      organisationId,
      language: 'sv',
      responseGroupId: 'group-1',
      groupNumber: '+46812345600',
      number,
      requestedByCallId: 'asked-1',
    },
    () => new Date(base.services.clock.now()),
    { error() {} },
  );
  const shutdown = new AbortController();
  const services = {
    ...base.services,
    directory: new SwitchDirectory(store, { clock: base.services.clock, ttlMs: 0 }),
  };
  const attempt = new CallbackAttempt(journey, trunk, base.media, services, shutdown.signal);
  const agent = new FakeDialog();
  const connection = { callee: agent, answeredByUserId: 'agent-1', release: vi.fn() };
  /** What the agent (callee side) has been played, as texts or "ringback". */
  const agentHeard = () =>
    base.media.playbacks
      .filter((p) => p.side === 'callee')
      .map((p) => (p.request.loop ? 'ringback' : texts[-p.request.clips[0]![0]! - 1]));
  const finishAgentPrompts = () =>
    base.media.playbacks
      .filter((p) => p.side === 'callee' && !p.request.loop && !p.ended)
      .forEach((p) => p.end({ reason: 'finished' }));
  return { base, attempt, journey, agent, connection, invites, agentHeard, finishAgentPrompts, shutdown };
}

describe('CallbackAttempt', () => {
  it('calls the party through the trunk from the group’s number while the agent hears a prompt and ringback, then bridges them', async () => {
    const { base, attempt, connection, invites, agentHeard, finishAgentPrompts } = setUp();
    const answered = vi.fn();
    const ended = attempt.callParty(connection, answered);
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    expect(invites[0]!.request).toMatchObject({
      uri: 'sip:+46701234567@127.0.0.1:5099',
      from: '<sip:+46812345600@127.0.0.1>',
      sdp: 'v=0 caller-offer',
      headers: [['P-Asserted-Identity', '<sip:+46812345600@127.0.0.1>']],
    });
    await vi.waitFor(() => expect(agentHeard()).toEqual(['Ringer upp kunden.']));
    finishAgentPrompts();
    await vi.waitFor(() => expect(agentHeard()).toEqual(['Ringer upp kunden.', 'ringback']));

    const party = new FakeDialog();
    invites[0]!.handlers.onAnswered(answer(), party);
    await vi.waitFor(() => expect(base.media.bridged).toBe(true));
    expect(answered).toHaveBeenCalledOnce();
    expect(attempt.leg.answered).toBe(true);
    party.peerHangsUp();
    await expect(ended).resolves.toMatchObject({ kind: 'talked', reason: 'caller_hangup', at: expect.any(Date) });
    expect(connection.callee.byes).toBe(1);
    expect(connection.release).toHaveBeenCalledOnce();
  });

  it('tells the agent the party did not answer and hangs up the agent when the party is busy', async () => {
    const { attempt, connection, invites, agentHeard, finishAgentPrompts } = setUp();
    const ended = attempt.callParty(connection);
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    invites[0]!.handlers.onFailed(null, 486);
    await vi.waitFor(() => expect(agentHeard().at(-1)).toBe('Kunden svarade inte.'));
    expect(connection.callee.byes).toBe(0);
    finishAgentPrompts();
    await expect(ended).resolves.toEqual({ kind: 'notReached', status: 486 });
    expect(connection.callee.byes).toBe(1);
    expect(connection.release).toHaveBeenCalledOnce();
  });

  it('cancels the party’s leg when the agent hangs up first, and that is no attempt on the party', async () => {
    const { attempt, connection, invites } = setUp();
    const ended = attempt.callParty(connection);
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    connection.callee.peerHangsUp();
    await expect(ended).resolves.toEqual({ kind: 'agentLeft' });
    expect(invites[0]!.cancelled).toBe(true);
  });

  it('gives up on a party who never answers after the ring time, on the clock', async () => {
    const { base, attempt, connection, invites, finishAgentPrompts } = setUp();
    const ended = attempt.callParty(connection);
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    base.services.clock.advance(30_000);
    expect(invites[0]!.cancelled).toBe(true);
    await vi.waitFor(() => {
      finishAgentPrompts();
      expect(connection.callee.byes).toBe(1);
    });
    await expect(ended).resolves.toEqual({ kind: 'notReached', status: 480 });
  });

  it('ends at once when the switch stops while the party rings', async () => {
    const { attempt, connection, invites, shutdown } = setUp();
    const ended = attempt.callParty(connection);
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    shutdown.abort('shutdown');
    await expect(ended).resolves.toEqual({ kind: 'shutdown' });
    expect(connection.callee.byes).toBe(1);
  });

  it('checks the outbound rules again before calling, and drops a number they forbid now, telling the agent', async () => {
    const { attempt, connection, invites, agentHeard, finishAgentPrompts } = setUp('+4420794600958');
    const ended = attempt.callParty(connection);
    await vi.waitFor(() => expect(agentHeard().at(-1)).toBe('Det numret kan vi inte ringa.'));
    finishAgentPrompts();
    await expect(ended).resolves.toEqual({ kind: 'refused' });
    expect(invites).toEqual([]);
    expect(connection.callee.byes).toBe(1);
  });
});
