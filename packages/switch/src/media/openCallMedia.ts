import { Player, type RtpPortPool } from '@vaxel/media';
import { concatPcm } from '@vaxel/media';
import { AnchoredMedia } from './anchoredMedia.ts';
import type {
  CallMedia,
  CallMediaEvent,
  CallMediaOptions,
  CallRecordingRequest,
  Dtmf,
  MediaSide,
  MessageRecordingRequest,
  MessageRecordingResult,
  PlaybackEnd,
  PlayRequest,
  RecordingSummary,
} from './callMedia.ts';
import type { MediaDirection } from './sessionDescription.ts';

export interface OpenCallMediaOptions extends CallMediaOptions {
  pool: RtpPortPool;
}

/**
 * The media of a new call. Today {@link AnchoredMedia} (two endpoints, a bridge) with playback
 * on top; the media plane (packages/media's CallMedia implementation) replaces this function's
 * body, and nothing else in the switch changes.
 */
export async function openCallMedia(options: OpenCallMediaOptions): Promise<CallMedia> {
  let media: AnchoredCallMedia | null = null;
  const anchored = await AnchoredMedia.open({
    pool: options.pool,
    advertisedAddress: options.advertisedAddress,
    inactivityTimeoutMs: options.inactivityTimeoutMs,
    onInactive: (side) => media?.emit({ type: 'inactive', side }),
  });
  media = new AnchoredCallMedia(anchored);
  return media;
}

/**
 * {@link CallMedia} over {@link AnchoredMedia}: SDP and bridging as the B2BUA always did, plus
 * playing audio to a side (call progress tones, prompts) paced by @vaxel/media's Player. Digits
 * come only by SIP INFO here (`injectDigit`); RFC 4733 and in-band detection, message and call
 * recording need the media plane and are refused with a plain error until it replaces this.
 */
class AnchoredCallMedia implements CallMedia {
  readonly #media: AnchoredMedia;
  readonly #listeners = new Set<(event: CallMediaEvent) => void>();
  readonly #players = new Map<MediaSide, { player: Player; bargeIn: boolean; done: (end: PlaybackEnd) => void }>();

  constructor(media: AnchoredMedia) {
    this.#media = media;
  }

  get closed(): boolean {
    return this.#media.closed;
  }

  acceptCallerOffer(sdp: string): void {
    this.#media.acceptCallerOffer(sdp);
  }
  answerToCaller(direction?: MediaDirection): string {
    return this.#media.answerToCaller(direction);
  }
  offerToCallee(direction?: MediaDirection): string {
    return this.#media.offerToCallee(direction);
  }
  acceptCalleeAnswer(sdp: string): void {
    this.#media.acceptCalleeAnswer(sdp);
  }
  relayOffer(from: MediaSide, sdp: string): { offerToOther: string; direction: MediaDirection } {
    return this.#media.relayOffer(from, sdp);
  }
  relayAnswer(offerer: MediaSide, sdp: string): string {
    return this.#media.relayAnswer(offerer, sdp);
  }
  currentAnswer(side: MediaSide): string {
    return this.#media.currentAnswer(side);
  }

  async bridge(): Promise<void> {
    this.#stop('caller');
    this.#stop('callee');
    this.#media.bridge();
  }

  async unbridge(): Promise<void> {
    this.#media.unbridge();
  }

  play(side: MediaSide, request: PlayRequest): Promise<PlaybackEnd> {
    this.#stop(side);
    const codec = this.#media.codecOf(side);
    if (this.#media.closed || !codec || request.clips.length === 0) return Promise.resolve({ reason: 'stopped' });
    return new Promise((resolve) => {
      const player = new Player(this.#media.endpoint(side), concatPcm(...request.clips), { codec: codec.codec, payloadType: codec.payloadType, loop: request.loop ?? false });
      const entry = { player, bargeIn: request.bargeIn ?? true, done: resolve };
      this.#players.set(side, entry);
      player.on('done', (reason) => {
        if (this.#players.get(side) === entry) this.#players.delete(side);
        resolve({ reason: reason === 'ended' ? 'finished' : 'stopped' });
      });
      player.start();
    });
  }

  async stopPlaying(side: MediaSide): Promise<void> {
    this.#stop(side);
  }

  injectDigit(side: MediaSide, digit: Dtmf, source: 'info'): void {
    const playing = this.#players.get(side);
    if (playing?.bargeIn) {
      // The playback ends because of the key (resolved first; the Player's own 'stopped' is then a no-op).
      this.#players.delete(side);
      playing.done({ reason: 'digit', digit });
      playing.player.stop();
    }
    this.emit({ type: 'digit', side, digit, source });
  }

  async startRecording(_request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    throw new Error('call recording needs the media plane (CallMedia of packages/media)');
  }

  async recordMessage(_side: MediaSide, _request: MessageRecordingRequest, _signal: AbortSignal): Promise<MessageRecordingResult> {
    throw new Error('message recording needs the media plane (CallMedia of packages/media)');
  }

  on(listener: (event: CallMediaEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: CallMediaEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  async close(): Promise<void> {
    this.#stop('caller');
    this.#stop('callee');
    this.#media.close();
  }

  #stop(side: MediaSide): void {
    const playing = this.#players.get(side);
    if (!playing) return;
    this.#players.delete(side);
    playing.player.stop();
  }
}
