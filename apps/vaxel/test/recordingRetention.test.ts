import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingExpiresAt } from '@vaxel/domain';
import { createDiskFileStore, fileKeys, openStore, type FileStore, type Store } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingRetention } from '../src/recordingRetention.ts';

/** R56 retention, on the fake clock, against the real store (SQLite) and the disk file store. */
const hour = 3_600_000;
const day = 24 * hour;
const start = Date.parse('2026-05-01T00:00:00Z');

let store: Store;
let files: FileStore;
let folder: string;
let clock: FakeClock;
let organisationId: string;
const warnings: string[] = [];
const logger = { info() {}, warn: (message: string) => void warnings.push(message) };

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  folder = await mkdtemp(join(tmpdir(), 'vaxel-retention-'));
  files = createDiskFileStore(folder);
  clock = new FakeClock(start);
  organisationId = (
    await store.organisations.create({
      name: 'Retained AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'light',
    })
  ).id;
  warnings.length = 0;
});
afterEach(async () => {
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

/** A recording made now on the fake clock under a policy keeping it `retentionDays`, with its audio. */
async function recorded(retentionDays: number) {
  const createdAt = new Date(clock.now());
  const recording = await store.recordings.create(organisationId, {
    callId: `call-${retentionDays}`,
    durationMs: 1000,
    createdAt: createdAt.toISOString(),
    expiresAt: recordingExpiresAt(createdAt, retentionDays).toISOString(),
  });
  await files.put(fileKeys.recording(organisationId, recording.id), Buffer.from(`RIFF audio ${retentionDays}`));
  return recording;
}

const kept = async (id: string) => ({
  row: (await store.recordings.get(organisationId, id)) !== null,
  file: (await files.get(fileKeys.recording(organisationId, id))) !== null,
});

/** Moves the clock by whole intervals and waits for the sweep each one started. */
async function after(job: RecordingRetention, ms: number): Promise<void> {
  clock.advance(ms);
  await job.settled();
}

describe('recording retention', () => {
  it('deletes each recording and its audio at the first sweep after its retention, not before', async () => {
    const short = await recorded(1);
    const long = await recorded(3);
    const job = new RecordingRetention({ recordings: store.recordings, files, clock, intervalMs: hour, logger });
    await job.start();
    await job.settled();
    expect(await kept(short.id)).toEqual({ row: true, file: true });

    await after(job, day - hour);
    expect(await kept(short.id)).toEqual({ row: true, file: true });
    await after(job, hour);
    expect(await kept(short.id)).toEqual({ row: false, file: false });
    expect(await kept(long.id)).toEqual({ row: true, file: true });

    for (let h = 0; h < 2 * 24 - 1; h++) await after(job, hour);
    expect(await kept(long.id)).toEqual({ row: true, file: true });
    await after(job, hour);
    expect(await kept(long.id)).toEqual({ row: false, file: false });
    await job.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('deletes more expired recordings than one batch holds in one sweep', async () => {
    const made = await Promise.all(Array.from({ length: 7 }, () => recorded(1)));
    const job = new RecordingRetention({
      recordings: store.recordings,
      files,
      clock,
      intervalMs: day,
      batchSize: 3,
      logger,
    });
    clock.advance(day);
    expect(await job.sweep()).toBe(7);
    for (const r of made) expect(await kept(r.id)).toEqual({ row: false, file: false });
  });

  it('keeps the row of a recording whose audio could not be deleted, says so, and deletes it at the next sweep', async () => {
    const stuck = await recorded(1);
    const other = await recorded(1);
    let failing = true;
    const flaky: FileStore = {
      ...files,
      delete: async (key) => {
        if (failing && key === fileKeys.recording(organisationId, stuck.id)) throw new Error('disk busy');
        return files.delete(key);
      },
    };
    const job = new RecordingRetention({ recordings: store.recordings, files: flaky, clock, intervalMs: hour, logger });
    clock.advance(day);
    await job.start();
    expect(await job.settled()).toBe(1);
    expect(await kept(stuck.id)).toEqual({ row: true, file: true });
    expect(await kept(other.id)).toEqual({ row: false, file: false });
    expect(warnings).toEqual(['could not delete an expired recording; the next sweep tries again']);

    failing = false;
    await after(job, hour);
    expect(await kept(stuck.id)).toEqual({ row: false, file: false });
    await job.stop();
  });

  it('unlinks the call-log record of a deleted recording', async () => {
    const call = await store.calls.create(organisationId, {
      direction: 'inbound',
      startedAt: new Date(clock.now()).toISOString(),
      answeredAt: null,
      endedAt: null,
      fromNumber: '+46701234567',
      fromName: null,
      toNumber: '+46812345678',
      fromUserId: null,
      toUserId: null,
      responseGroupId: null,
      ivrMenuId: null,
      answeredByUserId: null,
      outcome: 'answered',
      waitSeconds: 0,
      talkSeconds: 1,
      path: [],
      recordingId: null,
      emergency: false,
    });
    const recording = await recorded(1);
    await store.calls.update(organisationId, { ...call, recordingId: recording.id });
    clock.advance(day);
    await new RecordingRetention({ recordings: store.recordings, files, clock, logger }).sweep();
    expect((await store.calls.get(organisationId, call.id))?.recordingId).toBeNull();
  });
});
