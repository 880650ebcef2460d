/**
 * Fakes of a call's media and caller leg for unit tests of steps (switch.md: "each has a unit
 * test with fakes … no `as unknown as`"). Not used by production code.
 */
import type { TelephonyAudio } from '@vaxel/domain';
import type {
  CallMedia,
  CallMediaEvent,
  CallRecordingRequest,
  DigitSource,
  Dtmf,
  MediaSide,
  MessageRecordingRequest,
  MessageRecordingResult,
  PlaybackEnd,
  PlayRequest,
  RecordingSummary,
} from '../media/callMedia.ts';
import type { CallerLeg } from './step.ts';

export interface FakePlayback {
  side: MediaSide;
  request: PlayRequest;
  /** Ends this playback as the media plane would. */
  end(end: PlaybackEnd): void;
  readonly ended: boolean;
}

/**
 * A CallMedia that plays nothing: it remembers commands, and the test decides when a playback
 * finishes, which digits arrive and how a message recording ends. By default a playback that is
 * not ended by the test stays playing; `autoFinish` ends every playback at once with `finished`.
 */
export class FakeCallMedia implements CallMedia {
  readonly playbacks: FakePlayback[] = [];
  readonly commands: string[] = [];
  readonly recordings: Array<{ request: CallRecordingRequest; stopped: boolean }> = [];
  readonly messageRecordings: Array<{
    side: MediaSide;
    request: MessageRecordingRequest;
    end(result: MessageRecordingResult): void;
  }> = [];
  autoFinish = false;
  #listeners = new Set<(event: CallMediaEvent) => void>();
  #closed = false;
  bridged = false;

  get closed(): boolean {
    return this.#closed;
  }

  acceptCallerOffer(): void {}
  answerToCaller(): string {
    return 'v=0 caller-answer';
  }
  offerToCallee(): string {
    return 'v=0 callee-offer';
  }
  acceptCalleeAnswer(): void {}
  offerToCaller(): string {
    return 'v=0 caller-offer';
  }
  acceptCallerAnswer(): void {}
  relayOffer(): { offerToOther: string; direction: 'sendrecv' } {
    return { offerToOther: 'v=0 relayed', direction: 'sendrecv' };
  }
  relayAnswer(): string {
    return 'v=0 relayed-answer';
  }
  currentAnswer(): string {
    return 'v=0 current';
  }

  async bridge(): Promise<void> {
    this.commands.push('bridge');
    this.bridged = true;
    for (const p of this.playbacks) if (!p.ended) p.end({ reason: 'stopped' });
  }

  async unbridge(): Promise<void> {
    this.commands.push('unbridge');
    this.bridged = false;
  }

  play(side: MediaSide, request: PlayRequest): Promise<PlaybackEnd> {
    this.commands.push(`play:${side}`);
    for (const p of this.playbacks) if (p.side === side && !p.ended) p.end({ reason: 'stopped' });
    return new Promise((resolve) => {
      let ended = false;
      const playback: FakePlayback = {
        side,
        request,
        end: (end) => {
          if (ended) return;
          ended = true;
          resolve(end);
        },
        get ended() {
          return ended;
        },
      };
      this.playbacks.push(playback);
      if (this.autoFinish) playback.end({ reason: 'finished' });
    });
  }

  async stopPlaying(side: MediaSide): Promise<void> {
    this.commands.push(`stopPlaying:${side}`);
    for (const p of this.playbacks) if (p.side === side && !p.ended) p.end({ reason: 'stopped' });
  }

  injectDigit(side: MediaSide, digit: Dtmf, source: 'info'): void {
    this.press(digit, side, source);
  }

  /** The caller presses a key: barge-in stops a playback that allows it, then listeners hear it. */
  press(digit: Dtmf, side: MediaSide = 'caller', source: DigitSource = 'rfc4733'): void {
    for (const p of this.playbacks) {
      if (p.side === side && !p.ended && p.request.bargeIn !== false) p.end({ reason: 'digit', digit });
    }
    this.emit({ type: 'digit', side, digit, source });
  }

  emit(event: CallMediaEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  async startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    this.commands.push('startRecording');
    const entry = { request, stopped: false };
    this.recordings.push(entry);
    return {
      stop: async () => {
        entry.stopped = true;
        return { durationMs: 0, bytes: 44 };
      },
    };
  }

  recordMessage(
    side: MediaSide,
    request: MessageRecordingRequest,
    signal: AbortSignal,
  ): Promise<MessageRecordingResult> {
    this.commands.push(`recordMessage:${side}`);
    return new Promise((resolve) => {
      let done = false;
      const end = (result: MessageRecordingResult) => {
        if (done) return;
        done = true;
        resolve(result);
      };
      signal.addEventListener('abort', () => end({ endedBy: 'stopped', durationMs: 0, kept: false }), { once: true });
      this.messageRecordings.push({ side, request, end });
    });
  }

  on(listener: (event: CallMediaEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.playbacks) if (!p.ended) p.end({ reason: 'stopped' });
  }

  /** Samples the fake was asked to play, all clips of all playbacks in order. */
  playedClips(side: MediaSide = 'caller'): TelephonyAudio[] {
    return this.playbacks.filter((p) => p.side === side).flatMap((p) => [...p.request.clips]);
  }
}

/** A caller leg that answers at once and counts what it was asked. */
export class FakeCallerLeg implements CallerLeg {
  answered = false;
  rang = 0;
  answers = 0;
  earlySdp: string[] = [];
  ring(): void {
    this.rang++;
  }
  earlyMedia(sdp: string): void {
    this.earlySdp.push(sdp);
  }
  async answer(): Promise<void> {
    this.answers++;
    this.answered = true;
  }
}
