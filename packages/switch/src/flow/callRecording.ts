/**
 * R56, R77: recording a bridged call by the governing policy (the answering user's, else the
 * group's the call came through, else the organisation's; `governingPolicy` in domain), decided
 * once for the call when a callee answered, before the bridge joins the parties.
 *
 * - `always`: the announcement (the policy's prompt, else a built-in sentence in the
 *   organisation's language, else — when no speech can be made — a beep) is played to both
 *   parties while the bridge is paused, so neither talks over it unheard; then the bridge resumes
 *   and recording starts. Nothing before the end of the announcement is recorded.
 * - `onDemand`: `*1` from either party (recordingKey.ts) starts recording, `*1` again stops it;
 *   each toggle is announced to both parties by a short tone (two high beeps: on; one low: off),
 *   played the same way. Each started stretch is a recording of its own (its own row and file).
 * - `off` or no policy: nothing.
 *
 * A recording's row is created when it starts (so its id names the file and a crash leaves a row
 * the retention job will find) and finished with its length when it stops; the call log links
 * the call's first recording. Recordings are stereo WAVs: the caller left, the callee right.
 * Nothing here ever fails the call: an error is logged and the call goes on unrecorded.
 */
import {
  governingPolicy,
  recordingExpiresAt,
  type Language,
  type Prompt,
  type PromptAudio,
  type RecordingPolicy,
  type TelephonyAudio,
} from '@vaxel/domain';
import { concatPcm, silence, tone } from '@vaxel/media';
import { fileKeys } from '@vaxel/store';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { CallMedia, MediaSide, RecordingSummary } from '../media/callMedia.ts';
import { RecordingKey } from './recordingKey.ts';
import type { CallLogNotes, FlowServices } from './step.ts';

/** Who decides the policy: the user who answered and the group the call came through. */
export interface RecordingParties {
  userId: string | null;
  responseGroupId: string | null;
}

/** What recording needs of the call (a slice of FlowCall, so tests need no whole call). */
export interface RecordedCall {
  readonly id: string;
  readonly organisationId: string;
  readonly language: Language;
  readonly media: CallMedia;
  readonly log: Pick<CallLogNotes, 'recording'>;
  readonly services: Pick<FlowServices, 'prompts' | 'clock' | 'logger' | 'recordings'> & {
    directory: Pick<SwitchDirectory, 'recordingPolicies'>;
  };
}

export interface CallRecordingControl {
  /** The policy that governs the call (null: none, or reading it failed). */
  readonly policy: RecordingPolicy | null;
  /** Once the call is bridged: announces and records (always), or listens for `*1` (on demand). Once. */
  start(): void;
  /** Ends an announcement under way and the recording, saving its length; safe twice. */
  finish(): Promise<void>;
}

/** Built-in announcements (R56) when a policy has none, spoken in the organisation's language. */
export const builtInAnnouncement: Record<Language, Prompt> = {
  sv: { type: 'tts', text: 'Det här samtalet spelas in.', language: 'sv-SE' },
  en: { type: 'tts', text: 'This call is being recorded.', language: 'en-GB' },
};

const beep = (frequency: number) => tone({ frequencies: [frequency], durationMs: 150, amplitude: 0.2 });
/** Two high beeps: recording on. One low beep: recording off. Frequencies clear of DTMF's. */
export const recordingOnTone: TelephonyAudio = concatPcm(beep(1400), silence(100), beep(1400));
export const recordingOffTone: TelephonyAudio = tone({ frequencies: [480], durationMs: 300, amplitude: 0.2 });
/** The announcement when no speech can be made at all: a recording beep is still a notice. */
const fallbackAnnouncement: TelephonyAudio = concatPcm(beep(1400), silence(200), beep(1400), silence(200), beep(1400));

const sides: readonly MediaSide[] = ['caller', 'callee'];

/**
 * Decides the call's policy, before the bridge joins the parties (so that under `always` neither
 * hears the other before the announcement); `start()` once bridged.
 */
export async function callRecording(call: RecordedCall, parties: RecordingParties): Promise<CallRecordingControl> {
  const policy = await governing(call, parties);
  // The announcement's audio is made now (text-to-speech takes a moment the first time), so it
  // starts the moment the parties are bridged.
  const announcement = policy?.mode === 'always' ? await announcementOf(call, policy) : null;
  return new CallRecording(call, policy, announcement);
}

async function governing(call: RecordedCall, parties: RecordingParties): Promise<RecordingPolicy | null> {
  try {
    const policy = governingPolicy(await call.services.directory.recordingPolicies(call.organisationId), parties);
    return policy && policy.mode !== 'off' ? policy : null;
  } catch (error) {
    call.services.logger.warn('could not read the recording policies; the call is not recorded', {
      callId: call.id,
      error: String(error),
    });
    return null;
  }
}

/** The policy's prompt, else the built-in sentence in the organisation's language, else beeps. */
async function announcementOf(call: RecordedCall, policy: RecordingPolicy): Promise<TelephonyAudio> {
  for (const prompt of [policy.announcement, builtInAnnouncement[call.language]]) {
    if (!prompt) continue;
    try {
      return await call.services.prompts.samples(call.organisationId, prompt);
    } catch (error) {
      call.services.logger.warn('a recording announcement could not be made', {
        callId: call.id,
        error: String(error),
      });
    }
  }
  return fallbackAnnouncement;
}

class CallRecording implements CallRecordingControl {
  readonly policy: RecordingPolicy | null;
  readonly #call: RecordedCall;
  readonly #ended = new AbortController();
  /** Every media step of this call's recording, one after another (a toggle never overtakes a start). */
  #work: Promise<void> = Promise.resolve();
  #current: { id: string; stop(): Promise<RecordingSummary> } | null = null;
  #linked = false;
  #unsubscribe: () => void = () => {};
  #finished: Promise<void> | null = null;

  #started = false;

  readonly #announcement: TelephonyAudio | null;

  constructor(call: RecordedCall, policy: RecordingPolicy | null, announcement: TelephonyAudio | null) {
    this.#call = call;
    this.policy = policy;
    this.#announcement = announcement;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#work = this.#begin(this.policy);
  }

  finish(): Promise<void> {
    this.#finished ??= (async () => {
      this.#ended.abort();
      this.#unsubscribe();
      // An announcement under way ends now; the queued work then finds the call ended.
      await Promise.allSettled(sides.map((side) => this.#call.media.stopPlaying(side)));
      await this.#work;
      await this.#stopCurrent();
    })();
    return this.#finished;
  }

  async #begin(policy: RecordingPolicy | null): Promise<void> {
    if (!policy || this.#ended.signal.aborted) return;
    if (policy.mode === 'always') {
      await this.#announce(this.#announcement ?? fallbackAnnouncement);
      await this.#start(policy);
      return;
    }
    const key = new RecordingKey();
    this.#unsubscribe = this.#call.media.on((event) => {
      if (event.type !== 'digit' || !key.press(event.side, event.digit, this.#call.services.clock.now())) return;
      this.#work = this.#work.then(() => this.#toggle(policy));
    });
  }

  async #toggle(policy: RecordingPolicy): Promise<void> {
    if (this.#ended.signal.aborted) return;
    if (this.#current) {
      await this.#stopCurrent();
      await this.#announce(recordingOffTone);
    } else {
      await this.#announce(recordingOnTone);
      await this.#start(policy);
    }
  }

  /** Both parties hear `audio` with the bridge paused; the bridge resumes unless the call ended. */
  async #announce(audio: TelephonyAudio): Promise<void> {
    if (this.#ended.signal.aborted) return;
    const { media } = this.#call;
    try {
      await media.unbridge();
      await Promise.all(sides.map((side) => media.play(side, { clips: [audio], bargeIn: false })));
    } catch (error) {
      this.#warn('could not play the recording announcement', error);
    } finally {
      if (!this.#ended.signal.aborted)
        await media.bridge().catch((error: unknown) => this.#warn('could not resume the bridge', error));
    }
  }

  async #start(policy: RecordingPolicy): Promise<void> {
    if (this.#ended.signal.aborted || this.#current) return;
    const { organisationId, services, media } = this.#call;
    let rowId: string | null = null;
    try {
      const createdAt = new Date(services.clock.now());
      const row = await services.recordings.create(organisationId, {
        callId: this.#call.id,
        durationMs: 0,
        createdAt: createdAt.toISOString(),
        expiresAt: recordingExpiresAt(createdAt, policy.retentionDays).toISOString(),
      });
      rowId = row.id;
      const recorder = await media.startRecording({
        key: fileKeys.recording(organisationId, row.id),
        channels: 'stereo',
      });
      this.#current = { id: row.id, stop: () => recorder.stop() };
      if (!this.#linked) {
        this.#linked = true;
        this.#call.log.recording(row.id);
      }
    } catch (error) {
      this.#warn('could not start recording the call', error);
      // No row without audio: the recordings page would list a call nobody can hear.
      if (rowId !== null) await services.recordings.delete(organisationId, rowId).catch(() => {});
    }
  }

  async #stopCurrent(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    this.#current = null;
    try {
      const summary = await current.stop();
      await this.#call.services.recordings.finish(this.#call.organisationId, current.id, summary.durationMs);
    } catch (error) {
      this.#warn('could not finish a call recording', error);
    }
  }

  #warn(message: string, error: unknown): void {
    this.#call.services.logger.warn(message, { callId: this.#call.id, error: String(error) });
  }
}
