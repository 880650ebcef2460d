import type { CallRecord } from '@vaxel/domain';
import { FakeClock } from '@vaxel/testing';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../legs/answerLeg.ts';
import type { AttemptEnd } from './callbackAttempt.ts';
import { CallbackEntry, type Attempt, type CallbackState } from './callbackEntry.ts';
import { CallbackJourney } from './callbackJourney.ts';

const settings = { enabled: true, key: '1' as const, offerAfterSeconds: 0, retries: 2, retryIntervalSeconds: 120 };

/** A call log in memory: the journey's record as the store would hold it. */
function memoryCalls() {
  const rows = new Map<string, CallRecord>();
  return {
    rows,
    create: async (organisationId: string, call: Omit<CallRecord, 'id' | 'organisationId'>) => {
      const row = { ...call, id: `call-${rows.size + 1}`, organisationId };
      rows.set(row.id, row);
      return row;
    },
    update: async (_organisationId: string, call: CallRecord) => {
      rows.set(call.id, call);
      return call;
    },
  };
}

function setUp(offer: () => Promise<{ kind: 'unanswered' }> | null = () => null) {
  const clock = new FakeClock(Date.parse('2026-12-02T10:00:00Z'));
  const calls = memoryCalls();
  const journey = new CallbackJourney(
    calls,
    {
      organisationId: 'org-1',
      language: 'sv',
      responseGroupId: 'group-1',
      groupNumber: '+46812345600',
      number: '+46701234567',
      requestedByCallId: 'asked-1',
    },
    () => new Date(clock.now()),
    { error() {} },
  );
  /** What each attempt's party does, in order. */
  const script: AttemptEnd['kind'][] = [];
  const states: CallbackState[] = [];
  let left = 0;
  let closed = 0;
  const connection = { callee: { bye: async () => {} }, answeredByUserId: 'agent-1' } as unknown as Connection;
  const entry: CallbackEntry = new CallbackEntry(journey, settings, {
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    openAttempt: async (): Promise<Attempt> => ({
      async callParty(_connection, partyAnswered) {
        const end = script.shift() ?? 'notReached';
        journey.dialling();
        if (end === 'talked') {
          journey.bridged('agent-1');
          partyAnswered();
        }
        return end === 'notReached' ? { kind: 'notReached', status: 486 } : ({ kind: end } as AttemptEnd);
      },
      close: async () => void closed++,
    }),
    offer: async () => (await offer()) ?? { kind: 'connected', userId: 'agent-1', connection },
    changed: () => states.push(entry.state),
    leave: () => void left++,
  });
  return { clock, calls, journey, entry, script, states, left: () => left, closed: () => closed };
}

const agents = [] as const;

describe('CallbackEntry', () => {
  it('is done and logged answered when the party answers the first attempt', async () => {
    const { entry, script, states, calls, left, closed } = setUp();
    script.push('talked');
    expect(await entry.offer(agents, 15_000)).toEqual({ kind: 'answered', userId: 'agent-1' });
    await entry.talking;
    expect(states).toEqual(['callingAgent', 'callingCaller', 'done']);
    expect(left()).toBe(1);
    expect(closed()).toBe(1);
    const [record] = [...calls.rows.values()];
    expect(record).toMatchObject({
      outcome: 'answered',
      callbackForCallId: 'asked-1',
      responseGroupId: 'group-1',
      answeredByUserId: 'agent-1',
      direction: 'outbound',
      toNumber: '+46701234567',
    });
    expect(record!.path.map((s) => s.type)).toEqual(['callback', 'externalNumber']);
  });

  it('waits the retry interval on the clock after a party who did not answer, and is not offered meanwhile', async () => {
    const { entry, clock, states } = setUp();
    expect(await entry.offer(agents, 15_000)).toEqual({ kind: 'unanswered' });
    expect(entry.state).toBe('retryWaiting');
    expect(entry.notBefore).toBe(clock.now() + 120_000);
    expect(await entry.offer(agents, 15_000)).toEqual({ kind: 'unanswered' });
    expect(entry.attempts).toBe(1);
    clock.advance(119_999);
    expect(entry.state).toBe('retryWaiting');
    clock.advance(1);
    expect(entry.state).toBe('waiting');
    expect(states).toEqual(['callingAgent', 'callingCaller', 'retryWaiting', 'waiting']);
  });

  it('gives up after `retries` more attempts and logs the callback missed with every attempt in its path', async () => {
    const { entry, clock, calls, left } = setUp();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await entry.offer(agents, 15_000);
      if (attempt < 3) {
        expect(entry.state).toBe('retryWaiting');
        clock.advance(120_000);
      }
    }
    expect(entry.state).toBe('done');
    expect(left()).toBe(1);
    await entry.journey.writer.flushed();
    const [record] = [...calls.rows.values()];
    expect(record!.outcome).toBe('missed');
    expect(record!.path.map((s) => s.type)).toEqual(['callback', 'externalNumber', 'externalNumber', 'externalNumber']);
  });

  it('does not count an attempt whose agent hung up before the party answered, and is offered again at once', async () => {
    const { entry, script } = setUp();
    script.push('agentLeft');
    expect(await entry.offer(agents, 15_000)).toEqual({ kind: 'unanswered' });
    expect(entry.state).toBe('waiting');
    expect(entry.notBefore).toBe(0);
  });

  it('ends a waiting callback as failed when the switch stops', async () => {
    const { entry, calls } = setUp();
    await entry.stop();
    expect(entry.state).toBe('done');
    expect([...calls.rows.values()][0]!.outcome).toBe('failed');
  });

  it('ends as failed once an offer under way when the switch stops has ended, and is offered no more', async () => {
    let ring: ((end: { kind: 'unanswered' }) => void) | null = null;
    const { entry, calls } = setUp(() => new Promise((resolve) => (ring = resolve)));
    const offering = entry.offer(agents, 15_000);
    await vi.waitFor(() => expect(ring).not.toBeNull());
    const stopping = entry.stop();
    expect(entry.state).toBe('callingAgent');
    ring!({ kind: 'unanswered' });
    await stopping;
    await expect(offering).resolves.toEqual({ kind: 'unanswered' });
    expect(entry.state).toBe('done');
    expect([...calls.rows.values()][0]!.outcome).toBe('failed');
    await expect(entry.offer(agents, 15_000)).resolves.toEqual({ kind: 'unanswered' });
  });
});
