import type { Prompt, Recording, RecordingPolicy, RecordingScope, TelephonyAudio } from '@vaxel/domain';
import { fileKeys } from '@vaxel/store';
import { describe, expect, it } from 'vitest';
import type { CallRecordingRequest, RecordingSummary } from '../media/callMedia.ts';
import {
  builtInAnnouncement,
  callRecording,
  recordingOffTone,
  recordingOnTone,
  type RecordedCall,
  type RecordingParties,
} from './callRecording.ts';
import { FakeCallMedia } from './fakes.ts';

const orgId = 'org-1';
const day = 86_400_000;

/** A FakeCallMedia whose recordings last as long as the test clock ran between start and stop. */
class TimedMedia extends FakeCallMedia {
  constructor(private readonly now: () => number) {
    super();
  }
  failRecording = false;
  override async startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    if (this.failRecording) throw new Error('no disk');
    const startedAt = this.now();
    const inner = await super.startRecording(request);
    return { stop: async () => ({ ...(await inner.stop()), durationMs: this.now() - startedAt }) };
  }
}

function policy(
  scope: RecordingScope,
  mode: RecordingPolicy['mode'],
  announcement: Prompt | null = null,
  retentionDays = 30,
): RecordingPolicy {
  return { id: `policy-${scope.type}`, organisationId: orgId, scope, mode, announcement, retentionDays };
}

function fixture(policies: RecordingPolicy[], options: { language?: 'sv' | 'en'; speaks?: boolean } = {}) {
  let now = Date.parse('2026-06-01T10:00:00Z');
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} };
  const media = new TimedMedia(() => now);
  const rows = new Map<string, Recording>();
  const linked: string[] = [];
  const spoken: Prompt[] = [];
  const warnings: string[] = [];
  const call: RecordedCall = {
    id: 'call-1',
    organisationId: orgId,
    language: options.language ?? 'sv',
    media,
    log: { recording: (id) => void linked.push(id) },
    services: {
      clock,
      logger: { debug() {}, info() {}, warn: (message: string) => void warnings.push(message), error() {} },
      prompts: {
        samples: async (_org: string, prompt: Prompt): Promise<TelephonyAudio> => {
          spoken.push(prompt);
          if (options.speaks === false) throw new Error('no espeak');
          return new Int16Array(8000);
        },
      },
      directory: { recordingPolicies: async () => policies },
      recordings: {
        create: async (organisationId, r) => {
          const row = { ...r, id: `rec-${rows.size + 1}`, organisationId };
          rows.set(row.id, row);
          return row;
        },
        finish: async (_org, id, durationMs) => void rows.set(id, { ...rows.get(id)!, durationMs }),
        delete: async (_org, id) => void rows.delete(id),
      },
    },
  };
  return {
    call,
    media,
    rows,
    linked,
    spoken,
    warnings,
    advance: (ms: number) => (now += ms),
    /** Ends every playback still playing, as the media plane does at the end of the audio. */
    finishPlayback: () => media.playbacks.filter((p) => !p.ended).forEach((p) => p.end({ reason: 'finished' })),
    playing: () => media.playbacks.filter((p) => !p.ended),
  };
}

/** Lets whatever is queued run to its end (a few turns of the event loop, no timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Lets queued promise callbacks run until `condition` holds (no timers involved). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

/** The policy decided and the recording started, as the bridged state does. */
async function started(call: RecordedCall, parties: RecordingParties) {
  const control = await callRecording(call, parties);
  control.start();
  return control;
}

const answeredBy = (userId: string | null, responseGroupId: string | null = null): RecordingParties => ({
  userId,
  responseGroupId,
});
const org = { type: 'organisation' } as const;

describe('a call recorded always', () => {
  it("plays the policy's announcement to both parties with the bridge paused, then bridges and records", async () => {
    const announcement: Prompt = { type: 'tts', text: 'Vi spelar in samtalet', language: 'sv-SE' };
    const f = fixture([policy(org, 'always', announcement, 30)]);
    const control = await started(f.call, answeredBy('u1'));
    await until(() => f.playing().length === 2, 'the announcement plays on both sides');
    expect(
      f
        .playing()
        .map((p) => p.side)
        .sort(),
    ).toEqual(['callee', 'caller']);
    expect(f.playing().every((p) => p.request.bargeIn === false)).toBe(true);
    expect(f.spoken).toEqual([announcement]);
    expect(f.media.commands).toEqual(['unbridge', 'play:caller', 'play:callee']);
    expect(f.media.recordings).toEqual([]);

    f.finishPlayback();
    await until(() => f.media.recordings.length === 1, 'recording starts');
    expect(f.media.commands.slice(3)).toEqual(['bridge', 'startRecording']);
    const [row] = [...f.rows.values()];
    expect(f.media.recordings[0]!.request).toEqual({ key: fileKeys.recording(orgId, row!.id), channels: 'stereo' });
    expect(f.linked).toEqual([row!.id]);
    expect(Date.parse(row!.expiresAt) - Date.parse(row!.createdAt)).toBe(30 * day);

    f.advance(42_000);
    await control.finish();
    expect(f.media.recordings[0]!.stopped).toBe(true);
    expect(f.rows.get(row!.id)!.durationMs).toBe(42_000);
    expect(f.warnings).toEqual([]);
  });

  it.each(['sv', 'en'] as const)(
    'announces with a built-in sentence in the organisation language (%s) when the policy has none',
    async (language) => {
      const f = fixture([policy(org, 'always')], { language });
      await started(f.call, answeredBy('u1'));
      await until(() => f.playing().length === 2, 'the announcement plays');
      expect(f.spoken).toEqual([builtInAnnouncement[language]]);
    },
  );

  it('announces with beeps when no speech can be made, and still records', async () => {
    const f = fixture([policy(org, 'always', { type: 'audioFile', audioFileId: 'gone' })], { speaks: false });
    await started(f.call, answeredBy('u1'));
    await until(() => f.playing().length === 2, 'the beeps play');
    expect(f.spoken).toHaveLength(2);
    expect(f.playing()[0]!.request.clips[0]!.length).toBeGreaterThan(0);
    f.finishPlayback();
    await until(() => f.media.recordings.length === 1, 'recording starts');
    expect(f.warnings).toEqual([
      'a recording announcement could not be made',
      'a recording announcement could not be made',
    ]);
  });

  it('records nothing and leaves the bridge down when the call ends during the announcement', async () => {
    const f = fixture([policy(org, 'always')]);
    const control = await started(f.call, answeredBy('u1'));
    await until(() => f.playing().length === 2, 'the announcement plays');
    await control.finish();
    expect(f.playing()).toEqual([]);
    expect(f.media.recordings).toEqual([]);
    expect(f.media.commands).not.toContain('bridge');
    expect(f.rows.size).toBe(0);
  });

  it('keeps no recording row when the media plane cannot record, and says so', async () => {
    const f = fixture([policy(org, 'always')]);
    f.media.failRecording = true;
    const control = await started(f.call, answeredBy('u1'));
    await until(() => f.playing().length === 2, 'the announcement plays');
    f.finishPlayback();
    await until(() => f.warnings.length > 0, 'a warning');
    await control.finish();
    expect(f.rows.size).toBe(0);
    expect(f.linked).toEqual([]);
    expect(f.warnings).toEqual(['could not start recording the call']);
  });
});

describe('which policy governs', () => {
  it("takes the answering user's over the group's and the organisation's", async () => {
    const f = fixture([
      policy(org, 'always'),
      policy({ type: 'responseGroup', responseGroupId: 'g1' }, 'always'),
      policy({ type: 'user', userId: 'u1' }, 'off'),
    ]);
    const control = await started(f.call, answeredBy('u1', 'g1'));
    expect(control.policy).toBeNull();
    await control.finish();
    expect(f.media.commands).toEqual(['stopPlaying:caller', 'stopPlaying:callee']);
  });

  it("takes the group's when the user has none", async () => {
    const f = fixture([policy(org, 'off'), policy({ type: 'responseGroup', responseGroupId: 'g1' }, 'onDemand')]);
    expect((await started(f.call, answeredBy('u2', 'g1'))).policy?.mode).toBe('onDemand');
  });

  it('records nothing without a policy, or when the policies cannot be read', async () => {
    expect((await started(fixture([]).call, answeredBy('u1'))).policy).toBeNull();
    const broken = fixture([]);
    broken.call.services.directory.recordingPolicies = async () => {
      throw new Error('database gone');
    };
    expect((await started(broken.call, answeredBy('u1'))).policy).toBeNull();
    expect(broken.warnings).toEqual(['could not read the recording policies; the call is not recorded']);
  });
});

describe('a call recorded on demand', () => {
  it('records only from *1 on, until *1 again, each toggle announced to both parties', async () => {
    const f = fixture([policy(org, 'onDemand')]);
    const control = await started(f.call, answeredBy('u1'));
    f.media.press('5', 'caller');
    f.media.press('1', 'caller');
    await settle();
    expect(f.media.recordings).toEqual([]);
    expect(f.playing()).toEqual([]);

    f.advance(10_000);
    f.media.press('*', 'callee');
    f.media.press('1', 'callee');
    await until(() => f.playing().length === 2, 'the on tone plays');
    expect(f.playing().map((p) => p.request.clips[0])).toEqual([recordingOnTone, recordingOnTone]);
    expect(f.media.recordings).toEqual([]);
    f.finishPlayback();
    await until(() => f.media.recordings.length === 1, 'recording starts');
    const first = f.linked[0]!;

    f.advance(20_000);
    f.media.press('*', 'caller');
    f.media.press('1', 'caller');
    await until(() => f.playing().length === 2, 'the off tone plays');
    expect(f.playing().map((p) => p.request.clips[0])).toEqual([recordingOffTone, recordingOffTone]);
    expect(f.media.recordings[0]!.stopped).toBe(true);
    expect(f.rows.get(first)!.durationMs).toBe(20_000);
    f.finishPlayback();

    f.media.press('*', 'caller');
    f.media.press('1', 'caller');
    await until(() => f.playing().length === 2, 'the on tone plays again');
    f.finishPlayback();
    await until(() => f.media.recordings.length === 2, 'a second recording starts');
    f.advance(5_000);
    await control.finish();
    expect([...f.rows.values()].map((r) => r.durationMs)).toEqual([20_000, 5_000]);
    expect(f.linked).toEqual([first]);
  });

  it('stops listening for the key once the call ended', async () => {
    const f = fixture([policy(org, 'onDemand')]);
    const control = await started(f.call, answeredBy('u1'));
    await control.finish();
    f.media.press('*', 'caller');
    f.media.press('1', 'caller');
    await settle();
    expect(f.media.recordings).toEqual([]);
    expect(f.media.playbacks).toEqual([]);
  });
});
