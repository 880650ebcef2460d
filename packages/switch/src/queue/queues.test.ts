import {
  factoryOutboundRules,
  factoryResponseGroupSettings,
  type DistributionSettings,
  type Organisation,
  type ResponseGroup,
} from '@vaxel/domain';
import type { Registration, UserRecord } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalPresence } from '../call/presence.ts';
import type { AgentToRing } from './agentLegs.ts';
import { AgentStates } from './agentStates.ts';
import type { OfferOutcome, QueueEntry } from './groupQueue.ts';
import { Queues, RECHECK_MS } from './queues.ts';

/** An organisation with users a, b, c, d; each user has one registered phone unless `unregistered`. */
const ORG = 'org-1';
const organisation: Organisation = {
  id: ORG,
  name: 'Acme AB',
  timeZone: 'Europe/Stockholm',
  language: 'sv',
  country: 'SE',
  package: 'unlimited',
  createdAt: '2026-01-01T00:00:00Z',
};
const user = (id: string): UserRecord => ({
  id,
  organisationId: ORG,
  name: id.toUpperCase(),
  email: `${id}@acme.test`,
  licence: 'basic',
  permissions: [],
  extension: `20${id.charCodeAt(0) - 96}`.padEnd(4, '0'),
  mobileNumber: null,
  landlineNumber: null,
  sipUsername: id,
  createdAt: '2026-01-01T00:00:00Z',
  accountId: `account-${id}`,
  sipHa1Md5: null,
  sipHa1Sha256: null,
});
const device = (userId: string): Registration => ({
  id: `reg-${userId}`,
  organisationId: ORG,
  userId,
  contact: `sip:${userId}@127.0.0.1:5070`,
  source: 'udp:127.0.0.1:5070',
  userAgent: null,
  expiresAt: '2099-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** One offer the dispatcher made: the test ends it (answered or not), or the ring time does. */
interface Offer {
  callId: string;
  agents: string[];
  /** The agent answers: on a call until the returned function is called. */
  answer(userId: string): () => void;
  readonly ended: boolean;
}

let clock: FakeClock;
let presence: LocalPresence;
let queues: Queues;
let group: ResponseGroup;
let unregistered: Set<string>;
let offers: Offer[];
let directory: ConstructorParameters<typeof Queues>[0]['directory'];

function groupWith(
  distribution: Partial<DistributionSettings>,
  agents: Array<[string, boolean]> = [
    ['a', true],
    ['b', true],
    ['c', true],
  ],
): ResponseGroup {
  const factory = factoryResponseGroupSettings();
  return {
    id: 'group-1',
    organisationId: ORG,
    name: 'Support',
    number: '+46812345600',
    billingNumber: '+46812345600',
    numericId: '1',
    agents: agents.map(([userId, loggedIn]) => ({ userId, loggedIn, reachOn: 'phone' })),
    supervisorIds: [],
    settings: {
      ...factory,
      distribution: { ...factory.distribution, ringSecondsPerAgent: 10, wrapUpSeconds: 0, ...distribution },
    },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** A caller entry whose offers ring until the test answers one or the ring time passes. */
function caller(callId: string, excluded: string[] = []): QueueEntry {
  return {
    callId,
    kind: 'caller',
    excludedUserIds: new Set(excluded),
    describe: () => ({ kind: 'caller', fromNumber: '+46701234567', fromName: null }),
    offer(agents: readonly AgentToRing[], ringMs: number) {
      return new Promise<OfferOutcome>((resolve) => {
        let ended = false;
        const end = (outcome: OfferOutcome) => {
          if (ended) return;
          ended = true;
          clock.clearTimeout(timer);
          resolve(outcome);
        };
        const timer = clock.setTimeout(() => end({ kind: 'unanswered' }), ringMs);
        offers.push({
          callId,
          agents: agents.map((a) => a.user.id),
          answer: (userId) => {
            const release = presence.occupy(userId);
            end({ kind: 'answered', userId });
            return release;
          },
          get ended() {
            return ended;
          },
        });
      });
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

const ringing = () => offers.filter((o) => !o.ended).map((o) => `${o.callId}:${o.agents.join('+')}`);

beforeEach(() => {
  clock = new FakeClock(Date.parse('2026-12-02T10:00:00Z'));
  presence = new LocalPresence(clock);
  unregistered = new Set();
  offers = [];
  group = groupWith({ strategy: 'serial' });
  directory = {
    responseGroup: async () => group,
    organisation: async () => organisation,
    user: async (_org: string, userId: string) => user(userId),
    devices: async (_org: string, userId: string) => (unregistered.has(userId) ? [] : [device(userId)]),
    trunks: async () => [],
    outboundRules: async () => factoryOutboundRules(),
  };
  queues = new Queues({
    directory,
    agents: new AgentStates(presence, clock),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
});

describe('the queue dispatcher (R14, R16)', () => {
  it('offers the first caller queued first, and the next caller only once the first is answered', async () => {
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    queues.join(ORG, group, caller('first'));
    clock.advance(1000);
    queues.join(ORG, group, caller('second'));
    await settle();
    expect(ringing()).toEqual(['first:a']);
    offers[0]!.answer('a');
    await settle();
    expect(ringing()).toEqual([]);
    presence.occupy('b'); // an unrelated change: nobody is free yet
    await settle();
    expect(ringing()).toEqual([]);
  });

  it('gives the next caller the next idle agent, never an agent already ringing for another caller', async () => {
    group = groupWith({ strategy: 'ringAll' }, [
      ['a', true],
      ['b', true],
    ]);
    queues.join(ORG, group, caller('first'));
    queues.join(ORG, group, caller('second'));
    await settle();
    expect(ringing()).toEqual(['first:a+b']);
    offers[0]!.answer('a');
    await settle();
    expect(ringing()).toEqual(['second:b']);
  });

  it('moves on to the next agent when the ring time passes, and starts again from the first once all were tried', async () => {
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(ringing()).toEqual(['x:a']);
    clock.advance(10_000);
    await settle();
    expect(ringing()).toEqual(['x:b']);
    clock.advance(10_000);
    await settle();
    expect(ringing()).toEqual(['x:c']);
    clock.advance(10_000);
    await settle();
    expect(ringing()).toEqual(['x:a']);
  });

  it('skips agents on a call (any call), ringing elsewhere, logged out or without a phone', async () => {
    group = groupWith({ strategy: 'ringAll' }, [
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', true],
    ]);
    presence.occupy('a');
    const bRings = presence.ring('b');
    unregistered.add('d');
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(ringing()).toEqual(['x:e']);
    offers[0]!.answer('e');
    bRings();
    queues.join(ORG, group, caller('y'));
    await settle();
    expect(ringing()).toEqual(['y:b']);
  });

  it('rings busy and logged-out agents when the group does not skip them', async () => {
    group = groupWith({ strategy: 'ringAll', skipBusyAgents: false, skipLoggedOutAgents: false }, [
      ['a', true],
      ['b', false],
    ]);
    presence.occupy('a');
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(ringing()).toEqual(['x:a+b']);
  });

  it('offers an agent nothing during the wrap-up after a queue call, then the next caller at once', async () => {
    group = groupWith({ strategy: 'serial', wrapUpSeconds: 30 }, [['a', true]]);
    queues.join(ORG, group, caller('first'));
    await settle();
    const end = offers[0]!.answer('a');
    queues.join(ORG, group, caller('second'));
    await settle();
    queues.callHandled(group, 'a', 60);
    end();
    await settle();
    expect(queues.agents.state('a').state).toBe('wrapUp');
    expect(ringing()).toEqual([]);
    clock.advance(29_999);
    await settle();
    expect(ringing()).toEqual([]);
    clock.advance(1);
    await settle();
    expect(ringing()).toEqual(['second:a']);
  });

  it('does not offer a caller to their own phone', async () => {
    group = groupWith({ strategy: 'ringAll' }, [
      ['a', true],
      ['b', true],
    ]);
    queues.join(ORG, group, caller('x', ['a']));
    await settle();
    expect(ringing()).toEqual(['x:b']);
  });

  it('keeps the first place of a call that comes back to the same group', async () => {
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    presence.occupy('a');
    const first = queues.join(ORG, group, caller('comes-back'));
    clock.advance(5000);
    const other = queues.join(ORG, group, caller('other'));
    first.leave();
    expect(other.position()).toBe(1);
    clock.advance(5000);
    const again = queues.join(ORG, group, caller('comes-back'));
    expect(again.queuedAt).toBe(first.queuedAt);
    expect(again.position()).toBe(1);
    expect(other.position()).toBe(2);
    queues.callEnded('comes-back');
    again.leave();
    expect(queues.join(ORG, group, caller('comes-back')).position()).toBe(2);
  });

  it('reaches an agent who registered a phone while callers wait, within the recheck time', async () => {
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    unregistered.add('a');
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(ringing()).toEqual([]);
    unregistered.delete('a');
    clock.advance(RECHECK_MS);
    await settle();
    expect(ringing()).toEqual(['x:a']);
  });

  it('offers afresh when settings change (an agent logged in)', async () => {
    group = groupWith({ strategy: 'serial' }, [['a', false]]);
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(ringing()).toEqual([]);
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    queues.settingsChanged(ORG);
    await settle();
    expect(ringing()).toEqual(['x:a']);
  });

  it('stops offering a caller who left the queue', async () => {
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    presence.occupy('a');
    const ticket = queues.join(ORG, group, caller('x'));
    ticket.leave();
    expect(ticket.position()).toBe(0);
    expect(queues.length(ORG, group.id)).toBe(0);
  });

  it("counts the callers waiting in every group's queue, ringing ones too, but not queued callbacks", async () => {
    group = groupWith({ strategy: 'serial' }, [['a', true]]);
    const other = { ...groupWith({ strategy: 'serial' }, [['b', true]]), id: 'group-2' };
    expect(queues.callersWaiting()).toBe(0);
    queues.join(ORG, group, caller('first'));
    const second = queues.join(ORG, group, caller('second'));
    queues.join(ORG, other, caller('third'));
    queues.join(ORG, other, {
      ...caller('callback-of-x'),
      kind: 'callback',
      describe: () => ({ kind: 'callback', number: '+46701234567', attempts: 0, state: 'waiting' }),
    });
    await settle();
    expect(ringing()).toContain('first:a');
    expect(queues.callersWaiting()).toBe(3);
    second.leave();
    expect(queues.callersWaiting()).toBe(2);
  });
});

describe("the agents' answered calls of today (fewest calls)", () => {
  it('are read from the call log since local midnight once a day, and counted on from there', async () => {
    const asked: string[] = [];
    const calls = {
      answeredByAgent: async (_org: string, groupId: string, since: string) => {
        asked.push(`${groupId} ${since}`);
        return { a: 3, b: 1 };
      },
    };
    queues = new Queues({
      directory,
      agents: new AgentStates(presence, clock),
      calls,
      clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    group = groupWith({ strategy: 'fewestCalls' }, [
      ['a', true],
      ['b', true],
    ]);
    queues.join(ORG, group, caller('x'));
    await settle();
    expect(asked).toEqual(['group-1 2026-12-01T23:00:00.000Z']);
    expect(ringing()).toEqual(['x:b']);
    offers[0]!.answer('b')();
    await settle();
    expect(queues.agents.answeredToday(group.id, 'b', organisation.timeZone)).toBe(2);
    queues.join(ORG, group, caller('y'));
    await settle();
    expect(asked).toHaveLength(1);
    expect(ringing()).toEqual(['y:b']);
  });
});

describe('the live state of a group (R19)', () => {
  it('lists the queue in order, who is ringing, and agents not available with since when', async () => {
    group = groupWith({ strategy: 'serial' }, [
      ['a', true],
      ['b', true],
    ]);
    presence.occupy('b');
    const changes: number[] = [];
    queues.live.subscribe(ORG, group.id, () => changes.push(clock.now()));
    queues.join(ORG, group, caller('first'));
    await settle();
    clock.advance(2000);
    queues.join(ORG, group, caller('second'));
    await settle();
    const live = queues.live.group(ORG, group.id);
    expect(live.queue.map((q) => [q.callId, q.position, q.ringing])).toEqual([
      ['first', 1, true],
      ['second', 2, false],
    ]);
    expect(live.queue[0]!.queuedAt).toBe('2026-12-02T10:00:00.000Z');
    expect(live.agents).toEqual([
      { userId: 'a', state: 'ringing', since: '2026-12-02T10:00:00.000Z' },
      { userId: 'b', state: 'onCall', since: '2026-12-02T10:00:00.000Z' },
    ]);
    expect(changes.length).toBeGreaterThan(0);
  });
});
