import type { CallRecord } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { CallLogWriter } from './callLogWriter.ts';

class FakeCalls {
  rows = new Map<string, CallRecord>();
  writes: string[] = [];
  failCreate = false;
  async create(organisationId: string, call: Omit<CallRecord, 'id' | 'organisationId'>): Promise<CallRecord> {
    if (this.failCreate) throw new Error('database is down');
    const row = { ...call, id: `c${this.rows.size + 1}`, organisationId };
    this.rows.set(row.id, row);
    this.writes.push('create');
    return row;
  }
  /** What each update was told the stored record was. */
  previous: Array<CallRecord | undefined> = [];
  async update(_organisationId: string, call: CallRecord, previous?: CallRecord): Promise<CallRecord> {
    this.previous.push(previous);
    this.rows.set(call.id, call);
    this.writes.push('update');
    return call;
  }
}

const start = {
  direction: 'internal' as const,
  at: new Date('2026-01-01T10:00:00Z'),
  fromNumber: '1001',
  fromName: 'Alice',
  toNumber: '1002',
  fromUserId: 'u1',
  emergency: false,
};
const quietLogger = {
  errors: [] as string[],
  error(message: string) {
    this.errors.push(message);
  },
};

describe('CallLogWriter', () => {
  it('writes an answered call at start, answer and end with wait and talk time', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.step({ type: 'user', id: 'u2', name: 'Bob' }, new Date('2026-01-01T10:00:00Z'));
    log.answered(new Date('2026-01-01T10:00:07Z'), 'u2');
    log.ended(new Date('2026-01-01T10:01:07Z'), 'answered', 'caller_hangup');
    await log.flushed();
    const row = [...calls.rows.values()][0]!;
    expect(row).toMatchObject({
      outcome: 'answered',
      endReason: 'caller_hangup',
      toUserId: 'u2',
      answeredByUserId: 'u2',
      waitSeconds: 7,
      talkSeconds: 60,
    });
    expect(calls.writes[0]).toBe('create');
  });
  it('gives each update the record as last written, so the store writes only what changed', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    const created = await log.created();
    const asCreated = calls.rows.get(created!);
    log.answered(new Date('2026-01-01T10:00:07Z'), 'u2');
    await log.flushed();
    const asAnswered = calls.rows.get(created!);
    log.ended(new Date('2026-01-01T10:01:07Z'), 'answered', 'caller_hangup');
    await log.flushed();
    expect(calls.previous).toEqual([asCreated, asAnswered]);
  });

  it('tells its observer the outcome once, even when the end is written again', () => {
    const ended: string[] = [];
    const observer = { callEnded: (direction: string, outcome: string) => ended.push(`${direction} ${outcome}`) };
    const log = new CallLogWriter(new FakeCalls(), 'org1', start, quietLogger, observer);
    expect(ended).toEqual([]);
    log.ended(new Date('2026-01-01T10:00:09Z'), 'missed', 'no_answer');
    log.ended(new Date('2026-01-01T10:00:10Z'), 'missed', 'no_answer');
    expect(ended).toEqual(['internal missed']);
  });
  it('tells its observer a call that left a message ended as voicemail', () => {
    const ended: string[] = [];
    const log = new CallLogWriter(new FakeCalls(), 'org1', start, quietLogger, {
      callEnded: (_direction, outcome) => ended.push(outcome),
    });
    log.voicemailLeft('m1');
    log.ended(new Date('2026-01-01T10:00:30Z'), 'answered', 'caller_hangup');
    expect(ended).toEqual(['voicemail']);
  });
  it('records the caller ID an outbound call presented as its from-number', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', { ...start, direction: 'outbound' }, quietLogger);
    log.presented('+46812300001');
    log.ended(new Date('2026-01-01T10:00:03Z'), 'abandoned', 'cancelled');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ fromNumber: '+46812300001', fromUserId: 'u1' });
  });
  it('marks an emergency call from its start (R92)', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(
      calls,
      'org1',
      { ...start, direction: 'outbound', toNumber: '112', emergency: true },
      quietLogger,
    );
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ toNumber: '112', emergency: true });
  });
  it('names the first response group the call went through, and the agent who answered as the callee (R58)', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.step({ type: 'responseGroup', id: 'g1', name: 'Support' }, new Date('2026-01-01T10:00:00Z'));
    log.step({ type: 'responseGroup', id: 'g2', name: 'Overflow' }, new Date('2026-01-01T10:00:30Z'));
    log.step({ type: 'user', id: 'u2', name: 'Bob' }, new Date('2026-01-01T10:00:40Z'));
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ responseGroupId: 'g1', toUserId: 'u2' });
  });

  it('counts the whole time of an unanswered call as waiting', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.ended(new Date('2026-01-01T10:00:12Z'), 'abandoned', 'cancelled');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({
      outcome: 'abandoned',
      waitSeconds: 12,
      talkSeconds: 0,
      answeredAt: null,
    });
  });
  it('keeps the first end when a call is ended twice', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.ended(new Date('2026-01-01T10:00:05Z'), 'failed', 'failed');
    log.ended(new Date('2026-01-01T10:00:09Z'), 'abandoned', 'cancelled');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({
      outcome: 'failed',
      endReason: 'failed',
      endedAt: '2026-01-01T10:00:05.000Z',
    });
  });
  it('counts talk time from the answer to the end', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.answered(new Date('2026-01-01T10:00:02Z'), 'u2');
    log.ended(new Date('2026-01-01T10:00:32Z'), 'answered', 'caller_hangup');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ outcome: 'answered', talkSeconds: 30 });
  });
  it('counts talk time from the first bridge to a person, not from the switch answering to play a menu or music', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.answered(new Date('2026-01-01T10:00:01Z'), null);
    log.queueWait(44);
    log.bridged('u3', new Date('2026-01-01T10:00:45Z'));
    log.ended(new Date('2026-01-01T10:01:15Z'), 'answered', 'caller_hangup');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ waitSeconds: 44, talkSeconds: 30, answeredByUserId: 'u3' });
  });
  it('names the callee bridged after the switch answered as the one who answered', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.answered(new Date('2026-01-01T10:00:01Z'), null);
    log.bridged('u3', new Date('2026-01-01T10:00:20Z'));
    log.bridged('u4', new Date('2026-01-01T10:00:30Z'));
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({ answeredByUserId: 'u3', waitSeconds: 1 });
  });
  it('ends a call where a message was left as voicemail, links the message and the first menu', async () => {
    const calls = new FakeCalls();
    const log = new CallLogWriter(calls, 'org1', start, quietLogger);
    log.ivrMenu('m1');
    log.ivrMenu('m2');
    log.voicemailLeft('vm1');
    log.ended(new Date('2026-01-01T10:00:40Z'), 'abandoned', 'cancelled');
    await log.flushed();
    expect([...calls.rows.values()][0]).toMatchObject({
      outcome: 'voicemail',
      ivrMenuId: 'm1',
      voicemailMessageId: 'vm1',
    });
  });
  it('tells the record id once the create is done', async () => {
    const log = new CallLogWriter(new FakeCalls(), 'org1', start, quietLogger);
    expect(await log.created()).toBe('c1');
    expect(log.id).toBe('c1');
  });
  it('logs a database failure and does not throw into the call', async () => {
    const calls = new FakeCalls();
    calls.failCreate = true;
    const logger = {
      errors: [] as string[],
      error(message: string) {
        this.errors.push(message);
      },
    };
    const log = new CallLogWriter(calls, 'org1', start, logger);
    log.ended(new Date('2026-01-01T10:00:05Z'), 'abandoned', 'cancelled');
    await log.flushed();
    expect(logger.errors).toEqual(['call log write failed']);
  });
});
