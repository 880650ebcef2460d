import type { CallRecord } from '@vaxel/domain';
import { goertzelPower } from '@vaxel/media';
import { describe, expect, it } from 'vitest';
import { FakeCallMedia } from '../flow/fakes.ts';
import { flowCall } from '../flow/testCall.ts';
import { FakeServerInvite } from '../signalling/fakeSignalling.ts';
import { CallLogWriter } from './callLogWriter.ts';
import { CallSession } from './callSession.ts';
import { CallState } from './callState.ts';
import { END_TONE_MS, refusal } from './endCauses.ts';

class FakeCalls {
  rows: CallRecord[] = [];
  async create(organisationId: string, call: Omit<CallRecord, 'id' | 'organisationId'>): Promise<CallRecord> {
    const row = { ...call, id: `c${this.rows.length + 1}`, organisationId };
    this.rows.push(row);
    return row;
  }
  async update(_organisationId: string, call: CallRecord): Promise<CallRecord> {
    this.rows = this.rows.map((r) => (r.id === call.id ? call : r));
    return call;
  }
}

function setup() {
  const { services } = flowCall();
  const calls = new FakeCalls();
  const start = new Date(services.clock.now());
  const log = new CallLogWriter(
    calls,
    'org-1',
    {
      direction: 'internal',
      at: start,
      fromNumber: '1001',
      fromName: 'Alice',
      toNumber: '1002',
      fromUserId: 'u1',
      emergency: false,
    },
    services.logger,
  );
  const invite = new FakeServerInvite();
  const media = new FakeCallMedia();
  const session = new CallSession({
    organisationId: 'org-1',
    caller: { type: 'user', userId: 'u1', extension: '1001', number: '1001', name: 'Alice' },
    arrival: { dialled: '1002', diversions: 0 },
    language: 'sv',
    invite,
    media,
    log,
    services,
    abort: new AbortController(),
  });
  const record = async () => {
    await log.flushed();
    return calls.rows[0]!;
  };
  return { session, invite, media, clock: services.clock, record };
}

describe('CallSession', () => {
  it('writes the call log on its transitions: answered by the switch, then bridged to who answered, then the end', async () => {
    const { session, clock, record } = setup();
    session.leg.ring();
    clock.advance(4000);
    await session.leg.answer();
    expect(await record()).toMatchObject({
      answeredAt: '2026-12-02T10:00:04.000Z',
      answeredByUserId: null,
      waitSeconds: 4,
    });
    session.bridged('u2');
    clock.advance(60_000);
    await session.end({ by: 'caller' });
    expect(session.state).toBe(CallState.Ended);
    expect(await record()).toMatchObject({ answeredByUserId: 'u2', outcome: 'answered', talkSeconds: 60 });
  });

  it('answers an unanswered caller’s refusal with its status and logs its outcome', async () => {
    const { session, invite, record } = setup();
    await session.end({ by: 'refusal', refusal: refusal(486, 'Busy Here', null, 'busy') });
    expect(invite.responses).toEqual(['486 Busy Here']);
    expect(await record()).toMatchObject({ outcome: 'busy', answeredAt: null });
  });

  it('plays busy tone to a caller it answered before hanging up on them', async () => {
    const { session, invite, media, clock, record } = setup();
    await session.leg.answer();
    const ended = session.end({ by: 'refusal', refusal: refusal(486, 'Busy Here', null, 'busy') });
    await expect.poll(() => media.playbacks.length).toBe(1);
    const tone = media.playedClips('caller')[0]!;
    expect(goertzelPower(tone.subarray(0, 2000), 425)).toBeGreaterThan(
      1000 * goertzelPower(tone.subarray(0, 2000), 1000),
    );
    expect(tone.length).toBe(4000); // 250 ms on, 250 ms off, looped
    expect(invite.dialog.byes).toBe(0);
    clock.advance(END_TONE_MS);
    await ended;
    expect(invite.dialog.byes).toBe(1);
    expect(media.playbacks[0]!.ended).toBe(true);
    expect(await record()).toMatchObject({ outcome: 'busy' });
  });

  it('ends once, and closes twice safely, releasing what it held', async () => {
    const { session, media } = setup();
    let released = 0;
    session.hold(() => released++);
    await Promise.all([session.end({ by: 'caller' }), session.end({ by: 'shutdown' })]);
    await session.close();
    await session.close();
    expect(released).toBe(1);
    expect(media.closed).toBe(true);
  });

  it('is named by its call-log record once created', async () => {
    const { session, record } = setup();
    await record();
    expect(session.id).toBe('c1');
  });

  it('feeds the caller’s keys sent by SIP INFO into the call media’s digit stream', async () => {
    const { session, invite, media } = setup();
    const digits: string[] = [];
    media.on((event) => event.type === 'digit' && digits.push(`${event.side}:${event.digit}:${event.source}`));
    await session.leg.answer();
    invite.dialog.infoHandler!({
      contentType: 'application/dtmf-relay',
      body: 'Signal=7\r\nDuration=160',
      infoPackage: null,
    });
    expect(digits).toEqual(['caller:7:info']);
  });

  it('ends a caller the switch answered whose RTP stopped with BYE, at its last packet, as media_timeout (issue 10)', async () => {
    const { session, media, invite, clock, record } = setup();
    await session.leg.answer();
    clock.advance(5000);
    media.emit({ type: 'inactive', side: 'caller', silentForMs: 2000 });
    expect(session.abort.aborted).toBe(true);
    clock.advance(30_000);
    // The step the caller waited in sees the abort as the caller leaving.
    await session.end({ by: 'caller' });
    expect(invite.dialog.byes).toBe(1);
    expect(await record()).toMatchObject({
      outcome: 'abandoned',
      endReason: 'media_timeout',
      endedAt: '2026-12-02T10:00:03.000Z',
      talkSeconds: 3,
    });
  });

  it("leaves a bridged caller's silence to the connected state", async () => {
    const { session, media } = setup();
    await session.leg.answer();
    session.bridged('u2');
    media.emit({ type: 'inactive', side: 'caller', silentForMs: 2000 });
    expect(session.abort.aborted).toBe(false);
  });

  it('aborts the call when the caller cancels', () => {
    const { session, invite } = setup();
    invite.cancel();
    expect(session.abort.aborted).toBe(true);
    expect(session.abort.reason).toBe('cancel');
  });
});
