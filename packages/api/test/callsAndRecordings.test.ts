import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '@vaxel/domain';
import { fileKeys } from '../src/index.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';
import { toneFile } from './support/multipart.ts';

let h: Harness;
let o: TestOrganisation;
let groupId: string;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
  groupId = (
    await o.req('POST', '/response-groups', { name: 'Care', number: o.numbers.landline[0], numericId: '1' })
  ).json().id;
  const base = Date.parse('2026-03-02T08:00:00Z');
  const calls: Array<Omit<CallRecord, 'id' | 'organisationId'>> = [];
  for (let i = 0; i < 30; i++) {
    const start = new Date(base + i * 20 * 60_000).toISOString();
    const answered = i % 3 !== 0;
    calls.push({
      direction: i % 5 === 0 ? 'outbound' : 'inbound',
      startedAt: start,
      answeredAt: answered ? start : null,
      endedAt: start,
      // Call 9 came from a SIP user part chosen by the caller; it reaches the log raw.
      fromNumber: i === 7 ? '+46709999999' : i === 9 ? '=1+1' : '+46701111111',
      fromName: i === 8 ? '=HYPERLINK("http://evil")' : 'Caller, "quoted"',
      toNumber: o.numbers.landline[0]!,
      fromUserId: null,
      toUserId: null,
      responseGroupId: groupId,
      ivrMenuId: null,
      answeredByUserId: null,
      outcome: answered ? 'answered' : 'missed',
      endReason: answered ? (i === 4 ? 'media_timeout' : 'caller_hangup') : 'no_answer',
      waitSeconds: i * 5,
      talkSeconds: answered ? 60 : 0,
      path: [{ type: 'responseGroup', id: groupId, name: 'Care', at: start }],
      recordingId: null,
      emergency: i === 10,
    });
  }
  await h.store.calls.insertMany(o.org.id, calls);
});
afterAll(async () => h.close());

describe('call log (R58, R59)', () => {
  it('pages newest first with a cursor until the end', async () => {
    const first = (await o.req('GET', '/calls?limit=20')).json();
    expect(first.calls).toHaveLength(20);
    expect(first.calls[0].startedAt > first.calls[19].startedAt).toBe(true);
    const second = (await o.req('GET', `/calls?limit=20&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.calls).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by number, outcome, direction, group and time range (offsets understood)', async () => {
    expect((await o.req('GET', '/calls?number=%2B46709999999')).json().calls).toHaveLength(1);
    expect((await o.req('GET', '/calls?outcome=missed&limit=100')).json().calls).toHaveLength(10);
    expect((await o.req('GET', '/calls?direction=outbound&limit=100')).json().calls).toHaveLength(6);
    expect((await o.req('GET', `/calls?responseGroupId=${groupId}&limit=100`)).json().calls).toHaveLength(30);
    const range = await o.req(
      'GET',
      `/calls?from=${encodeURIComponent('2026-03-02T10:00:00+01:00')}&to=2026-03-02T10:00:00Z`,
    );
    expect(range.json().calls).toHaveLength(3);
  });

  it('finds the emergency calls alone, or every other call (R92)', async () => {
    const emergency = (await o.req('GET', '/calls?emergency=true&limit=100')).json().calls;
    expect(emergency.map((c: CallRecord) => [c.startedAt, c.emergency])).toEqual([['2026-03-02T11:20:00.000Z', true]]);
    expect((await o.req('GET', '/calls?emergency=false&limit=100')).json().calls).toHaveLength(29);
    expect((await o.req('GET', '/calls?emergency=maybe')).statusCode).toBe(400);
  });

  it('shows a callback call with the call it called back, and finds the callbacks of a call (R14)', async () => {
    // An organisation of its own, so the other tests' counts stay as they are.
    const other = await h.organisation();
    const base = (await o.req('GET', '/calls?limit=1')).json().calls[0] as CallRecord;
    const { id: _id, organisationId: _org, ...fields } = base;
    const asked = await h.store.calls.create(other.org.id, { ...fields, responseGroupId: null, outcome: 'callback' });
    const callback = await h.store.calls.create(other.org.id, {
      ...fields,
      responseGroupId: null,
      direction: 'outbound',
      outcome: 'answered',
      callbackForCallId: asked.id,
    });
    expect((await other.req('GET', `/calls/${callback.id}`)).json().callbackForCallId).toBe(asked.id);
    const found = (await other.req('GET', `/calls?callbackForCallId=${asked.id}`)).json().calls as CallRecord[];
    expect(found.map((c) => c.id)).toEqual([callback.id]);
    expect((await other.req('GET', `/calls/${asked.id}`)).json()).toMatchObject({ outcome: 'callback' });
    expect((await other.req('GET', `/calls/${asked.id}`)).json().callbackForCallId).toBeUndefined();
  });

  it('refuses malformed filters and a forged cursor with 400, never 500', async () => {
    for (const query of [
      'from=yesterday',
      'outcome=lost',
      'limit=0',
      'limit=9999',
      'number=abc',
      'colour=red',
      'cursor=forged!!',
    ]) {
      const res = await o.req('GET', `/calls?${query}`);
      expect([query, res.statusCode]).toEqual([query, 400]);
    }
  });

  it('says why each call ended (issue 10), in the search, the call and the CSV', async () => {
    const calls = (await o.req('GET', '/calls?limit=100')).json().calls as CallRecord[];
    expect(calls.filter((c) => c.endReason === 'media_timeout').map((c) => c.startedAt)).toEqual([
      '2026-03-02T09:20:00.000Z',
    ]);
    expect(calls.filter((c) => c.endReason === 'no_answer')).toHaveLength(10);
    const timedOut = calls.find((c) => c.endReason === 'media_timeout')!;
    expect((await o.req('GET', `/calls/${timedOut.id}`)).json()).toMatchObject({
      endReason: 'media_timeout',
      outcome: 'answered',
    });
    const csv = (await o.req('GET', '/calls.csv?outcome=answered')).body;
    expect(csv.split('\r\n').filter((line) => line.includes(',answered,media_timeout,'))).toHaveLength(1);
  });

  it('shows one call, and 404 for an unknown one', async () => {
    const call = (await o.req('GET', '/calls?limit=1')).json().calls[0];
    expect((await o.req('GET', `/calls/${call.id}`)).json()).toMatchObject({ id: call.id, responseGroupId: groupId });
    expect((await o.req('GET', '/calls/nope')).statusCode).toBe(404);
  });

  it('exports every matching call as CSV, quoting commas and defusing formulas', async () => {
    const res = await o.req('GET', '/calls.csv?outcome=answered');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('calls.csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,direction,startedAt,answeredAt,endedAt,fromNumber,fromName,toNumber,responseGroupId,ivrMenuId,answeredByUserId,outcome,endReason,waitSeconds,talkSeconds,path,recordingId,emergency',
    );
    expect(lines).toHaveLength(21);
    expect(res.body).toContain('"Caller, ""quoted"""');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const emergency = (await o.req('GET', '/calls.csv?emergency=true')).body.trim().split('\r\n');
    expect(emergency).toHaveLength(2);
    expect(emergency[1]!.endsWith(',true')).toBe(true);
  });

  it('exports a caller number that is a formula (a SIP user part such as =1+1) as text, in every column', async () => {
    const res = await o.req('GET', '/calls.csv');
    const rows = res.body.trim().split('\r\n').slice(1);
    const fromNumbers = rows.map((row) => row.split(',')[5]);
    expect(fromNumbers).toContain(`"'=1+1"`);
    expect(fromNumbers.every((cell) => cell!.startsWith(`"'`))).toBe(true);
    expect(res.body).not.toMatch(/(^|,)[=+\-@]/m);
  });
});

describe('statistics (R60)', () => {
  it('counts calls per hour in the organisation time zone, answered vs missed, wait times and per group', async () => {
    const res = await o.req('GET', '/calls/statistics?bucket=hour&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z');
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats.bucket).toBe('hour');
    // 08:00Z is 09:00 in Stockholm (CET); 30 calls every 20 minutes span ten hours.
    expect(stats.series[0]).toEqual({ start: '2026-03-02T09:00', answered: 2, missed: 1, other: 0 });
    expect(stats.series).toHaveLength(10);
    expect(stats.waitTimeHistogram.reduce((n: number, b: { calls: number }) => n + b.calls, 0)).toBe(30);
    expect(stats.byResponseGroup).toEqual([{ responseGroupId: groupId, name: 'Care', answered: 20, missed: 10 }]);
    const days = (await o.req('GET', '/calls/statistics')).json();
    expect(days.series).toEqual([{ start: '2026-03-02', answered: 20, missed: 10, other: 0 }]);
    expect((await o.req('GET', '/calls/statistics?bucket=week')).statusCode).toBe(400);
  });
});

describe('recording policies and recordings (R56, R57)', () => {
  it('keeps one policy per scope and checks the scope belongs to the organisation', async () => {
    const created = await o.req('POST', '/recording-policies', {
      scope: { type: 'responseGroup', responseGroupId: groupId },
      mode: 'always',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ mode: 'always', retentionDays: 90, announcement: null });
    expect(
      (
        await o.req('POST', '/recording-policies', {
          scope: { type: 'responseGroup', responseGroupId: groupId },
          mode: 'off',
        })
      ).statusCode,
    ).toBe(409);
    const foreign = await o.req('POST', '/recording-policies', {
      scope: { type: 'user', userId: 'ghost' },
      mode: 'onDemand',
    });
    expect(foreign.json().errors).toEqual([{ path: 'scope.userId', message: 'no user ghost in this organisation' }]);
    const updated = await o.req('PATCH', `/recording-policies/${created.json().id}`, {
      retentionDays: 30,
      announcement: { type: 'tts', text: 'Samtalet spelas in', language: 'sv-SE' },
    });
    expect(updated.json()).toMatchObject({ retentionDays: 30, announcement: { type: 'tts' } });
    expect((await o.req('PATCH', `/recording-policies/${created.json().id}`, { retentionDays: 0 })).statusCode).toBe(
      400,
    );
    expect((await o.req('GET', '/recording-policies')).json()).toHaveLength(1);
    const groupDelete = await o.req('DELETE', `/response-groups/${groupId}`);
    expect(groupDelete.json()).toMatchObject({ code: 'in_use', usages: [{ type: 'recordingPolicy', field: 'scope' }] });
    expect((await o.req('DELETE', `/recording-policies/${created.json().id}`)).statusCode).toBe(204);
  });

  it('lists recordings paged, shows one and plays its content with ranges', async () => {
    const call = (await o.req('GET', '/calls?limit=1')).json().calls[0];
    const recording = await h.store.recordings.create(o.org.id, {
      callId: call.id,
      durationMs: 1000,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const wav = await toneFile(1, 'wav', 8000);
    await h.files.put(fileKeys.recording(o.org.id, recording.id), wav);
    const list = (await o.req('GET', '/recordings?limit=10')).json();
    expect(list.recordings.map((r: { id: string }) => r.id)).toContain(recording.id);
    expect((await o.req('GET', `/recordings/${recording.id}`)).json()).toMatchObject({ callId: call.id });
    const content = await o.req('GET', `/recordings/${recording.id}/content`);
    expect(content.rawPayload.equals(wav)).toBe(true);
    expect((await o.req('GET', '/recordings/nope/content')).statusCode).toBe(404);
    const range = await h.as(
      o.adminToken,
      'GET',
      `/api/v1/orgs/${o.org.id}/recordings/${recording.id}/content`,
      undefined,
      { range: 'bytes=44-143' },
    );
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(wav.subarray(44, 144))).toBe(true);
  });

  it("lists each recording with its call, and one call's recordings alone", async () => {
    const [first, second] = (await o.req('GET', '/calls?limit=2')).json().calls as CallRecord[];
    const made = async (callId: string) =>
      h.store.recordings.create(o.org.id, {
        callId,
        durationMs: 2500,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    const a = await made(first!.id);
    const b = await made(second!.id);
    const ofFirst = (await o.req('GET', `/recordings?callId=${first!.id}`)).json().recordings;
    expect(ofFirst.map((r: { id: string }) => r.id)).toContain(a.id);
    expect(ofFirst.map((r: { id: string }) => r.id)).not.toContain(b.id);
    expect(ofFirst.find((r: { id: string }) => r.id === a.id).call).toEqual({
      direction: first!.direction,
      startedAt: first!.startedAt,
      fromNumber: first!.fromNumber,
      fromName: first!.fromName,
      toNumber: first!.toNumber,
      fromUserId: null,
      toUserId: null,
      answeredByUserId: null,
      responseGroupId: groupId,
    });
    expect((await o.req('GET', `/recordings/${b.id}`)).json().call.startedAt).toBe(second!.startedAt);
  });

  it('deletes a recording with its audio, unlinks its call and writes the audit log', async () => {
    const call = (await o.req('GET', '/calls?limit=1')).json().calls[0] as CallRecord;
    const recording = await h.store.recordings.create(o.org.id, {
      callId: call.id,
      durationMs: 1000,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await h.store.calls.update(o.org.id, { ...call, recordingId: recording.id });
    await h.files.put(fileKeys.recording(o.org.id, recording.id), await toneFile(1, 'wav', 8000));
    expect((await o.req('DELETE', `/recordings/${recording.id}`)).statusCode).toBe(204);
    expect(await h.files.get(fileKeys.recording(o.org.id, recording.id))).toBeNull();
    expect((await o.req('GET', `/recordings/${recording.id}`)).statusCode).toBe(404);
    expect((await o.req('GET', `/calls/${call.id}`)).json().recordingId).toBeNull();
    expect((await o.req('DELETE', `/recordings/${recording.id}`)).json().code).toBe('not_found');
    const audit = (await o.req('GET', `/audit-log?objectType=recording&objectId=${recording.id}`)).json().entries;
    expect(audit).toMatchObject([{ action: 'delete', objectType: 'recording', objectId: recording.id }]);
  });
});

describe('export of a long call log', () => {
  it('includes every page, not only the first', async () => {
    const other = await h.organisation();
    const base = Date.parse('2026-04-01T00:00:00Z');
    await h.store.calls.insertMany(
      other.org.id,
      Array.from({ length: 1203 }, (_, i) => ({
        direction: 'internal' as const,
        startedAt: new Date(base + i * 1000).toISOString(),
        answeredAt: null,
        endedAt: null,
        fromNumber: '101',
        fromName: null,
        toNumber: '102',
        fromUserId: null,
        toUserId: null,
        responseGroupId: null,
        ivrMenuId: null,
        answeredByUserId: null,
        outcome: 'missed' as const,
        waitSeconds: null,
        talkSeconds: null,
        path: [],
        recordingId: null,
        emergency: false,
      })),
    );
    const res = await other.req('GET', '/calls.csv');
    const rows = res.body.trim().split('\r\n');
    expect(rows).toHaveLength(1204);
    expect(new Set(rows.slice(1).map((r) => r.split(',')[0])).size).toBe(1203);
  });
});
