import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertOggComplete, assertWavComplete, isCutShort, mp3DeclaredSeconds } from './audio-completeness.ts';
import type { AudioConverter, ConvertedAudio } from './audio-converter.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { sniffAudioContainer, type AudioContainer } from './container-sniffer.ts';
import { AudioError } from './errors.ts';
import { runProcess } from './run-process.ts';
import { parseWav, wavDurationSeconds } from './wav.ts';

export interface FfmpegAudioConverterOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Largest input accepted, in bytes (default 20 MB). */
  maxInputBytes?: number;
  /** Longest audio accepted, in seconds (default 600). */
  maxDurationSeconds?: number;
  /** Time limit for each ffprobe/ffmpeg run (default 60 s). */
  timeoutMs?: number;
  /** Where the input is staged for ffprobe/ffmpeg (default the OS temp dir). */
  tempDir?: string;
  /** Conversions running at once; more wait their turn (default 2). */
  maxConcurrent?: number;
}

/**
 * Demuxer names (ffprobe `format_name`) we let ffmpeg open. ffmpeg reads hundreds of formats,
 * some of which can reference other files or URLs (HLS, concat, image sequences); uploads are only
 * decoded when they are one of these.
 */
const ALLOWED_FORMATS = new Set(['wav', 'mp3', 'ogg', 'matroska', 'webm', 'mov', 'mp4', 'm4a', 'flac']);

interface ProbeResult {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{ codec_type?: string }>;
}

/**
 * {@link AudioConverter} running Debian's ffprobe and ffmpeg.
 *
 * 1. size check (`audio_too_large`);
 * 2. `ffprobe` on a staged copy: the container must be an allowed one with an audio stream
 *    (`unsupported_audio`; `corrupt_audio` when the bytes look like a known container but do not
 *    probe), and a known duration must fit the limit (`audio_too_long`);
 * 3. `ffmpeg` decodes the first audio stream to PCM 16-bit 8 kHz mono, stopping one second past
 *    the limit so an input without a duration in its header (MediaRecorder WebM) cannot make it
 *    decode for long; the decoded length is the duration.
 *
 * A damaged or cut file is `corrupt_audio`, never stored as the little that decodes: before
 * probing, a WAV's chunks and an Ogg's pages must all be there (audio-completeness.ts); while
 * decoding, any error ffmpeg reports (a CRC mismatch, a missing frame header) is a damage; after
 * decoding, the decoded length must match what the file declares for itself (an MP3's Xing/Info
 * or VBRI frame count; the FLAC, MP4, Matroska/WebM or Ogg length ffprobe reads from the file).
 */
export class FfmpegAudioConverter implements AudioConverter {
  readonly #ffmpeg: string;
  readonly #ffprobe: string;
  readonly #maxInputBytes: number;
  readonly #maxDurationSeconds: number;
  readonly #timeoutMs: number;
  readonly #tempDir: string;
  readonly #limit: ConcurrencyLimit;

  constructor(options: FfmpegAudioConverterOptions = {}) {
    this.#ffmpeg = options.ffmpegPath ?? 'ffmpeg';
    this.#ffprobe = options.ffprobePath ?? 'ffprobe';
    this.#maxInputBytes = options.maxInputBytes ?? 20 * 1024 * 1024;
    this.#maxDurationSeconds = options.maxDurationSeconds ?? 600;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#tempDir = options.tempDir ?? tmpdir();
    this.#limit = new ConcurrencyLimit(options.maxConcurrent ?? 2);
  }

  get maxDurationSeconds(): number {
    return this.#maxDurationSeconds;
  }

  async toTelephonyWav(input: Uint8Array): Promise<ConvertedAudio> {
    if (input.length > this.#maxInputBytes) {
      throw new AudioError(
        'audio_too_large',
        `audio file is ${input.length} bytes, at most ${this.#maxInputBytes} are accepted`,
      );
    }
    if (input.length === 0) throw new AudioError('unsupported_audio', 'audio file is empty');
    return this.#limit.run(() => this.#convertStaged(input));
  }

  async #convertStaged(input: Uint8Array): Promise<ConvertedAudio> {
    const dir = await mkdtemp(join(this.#tempDir, 'vaxel-audio-'));
    try {
      const inputPath = join(dir, 'input');
      const outputPath = join(dir, 'output.wav');
      const container = sniffAudioContainer(input);
      if (container === 'wav') assertWavComplete(input);
      if (container === 'ogg') assertOggComplete(input);
      await writeFile(inputPath, input);
      const probedSeconds = await this.#probe(inputPath, input);
      const damage = await this.#convert(inputPath, outputPath);
      const wav = new Uint8Array(await readFile(outputPath));
      const audio = parseWav(wav);
      if (audio.data.length === 0) throw new AudioError('corrupt_audio', 'the audio stream decoded to no samples');
      const durationSeconds = wavDurationSeconds(audio);
      const declaredSeconds = declaredLength(container, input, probedSeconds);
      if (declaredSeconds !== undefined && isCutShort(declaredSeconds, durationSeconds)) {
        throw new AudioError(
          'corrupt_audio',
          `the audio file is cut short: it announces ${declaredSeconds.toFixed(1)} s of audio but only ${durationSeconds.toFixed(1)} s could be decoded`,
        );
      }
      if (damage) throw new AudioError('corrupt_audio', `the audio file is damaged: ${damage}`);
      if (durationSeconds > this.#maxDurationSeconds) {
        throw new AudioError('audio_too_long', `audio is longer than the ${this.#maxDurationSeconds} s limit`);
      }
      return { wav, durationSeconds };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Checks what ffprobe finds and returns the duration it read, if any. */
  async #probe(inputPath: string, input: Uint8Array): Promise<number | undefined> {
    const result = await runProcess(
      this.#ffprobe,
      ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type', '-of', 'json', inputPath],
      { timeoutMs: this.#timeoutMs, maxStdoutBytes: 1024 * 1024, lowPriority: true },
    );
    if (result.timedOut) throw new AudioError('corrupt_audio', 'probing the audio file took too long');
    const looksLikeAudio = sniffAudioContainer(input) !== undefined;
    if (result.exitCode !== 0) {
      throw looksLikeAudio
        ? new AudioError('corrupt_audio', `the audio file is damaged: ${firstLine(result.stderr)}`)
        : new AudioError(
            'unsupported_audio',
            'the file is not audio in a supported format (WAV, MP3, OGG, Opus, WebM)',
          );
    }
    let probe: ProbeResult;
    try {
      probe = JSON.parse(result.stdout.toString('utf8')) as ProbeResult;
    } catch (error) {
      throw new AudioError('corrupt_audio', 'ffprobe returned unreadable output', { cause: error });
    }
    const formats = (probe.format?.format_name ?? '').split(',');
    if (!formats.some((f) => ALLOWED_FORMATS.has(f))) {
      throw new AudioError(
        'unsupported_audio',
        `files of type '${probe.format?.format_name ?? 'unknown'}' are not supported (WAV, MP3, OGG, Opus, WebM)`,
      );
    }
    if (!probe.streams?.some((s) => s.codec_type === 'audio')) {
      throw new AudioError('unsupported_audio', 'the file contains no audio stream');
    }
    const duration = Number(probe.format?.duration);
    if (Number.isFinite(duration) && duration > this.#maxDurationSeconds) {
      throw new AudioError(
        'audio_too_long',
        `audio is ${Math.round(duration)} s long, at most ${this.#maxDurationSeconds} s are accepted`,
      );
    }
    return Number.isFinite(duration) && duration > 0 ? duration : undefined;
  }

  /** Decodes to the telephony WAV; returns the first error ffmpeg reported while decoding, if any. */
  async #convert(inputPath: string, outputPath: string): Promise<string | undefined> {
    const result = await runProcess(
      this.#ffmpeg,
      [
        '-nostdin',
        '-hide_banner',
        '-v',
        'error',
        '-y',
        '-i',
        inputPath,
        '-map',
        '0:a:0',
        '-vn',
        '-sn',
        '-dn',
        '-ac',
        '1',
        '-ar',
        '8000',
        '-c:a',
        'pcm_s16le',
        '-t',
        String(this.#maxDurationSeconds + 1),
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        '-f',
        'wav',
        outputPath,
      ],
      { timeoutMs: this.#timeoutMs, maxStdoutBytes: 64 * 1024, lowPriority: true },
    );
    if (result.timedOut) throw new AudioError('corrupt_audio', 'converting the audio took too long');
    if (result.exitCode !== 0) {
      throw new AudioError('corrupt_audio', `the audio could not be decoded: ${firstLine(result.stderr)}`);
    }
    // With `-v error` ffmpeg prints nothing for a sound file; what it prints is damage it skipped over.
    return result.stderr.trim().length > 0 ? firstLine(result.stderr.trim()) : undefined;
  }
}

/**
 * The length a file declares for itself. For MP3 only its Xing/Info or VBRI header counts:
 * without one ffprobe estimates from the size, which a cut file shrinks along with it. For WAV
 * ffprobe reports what is there, so its chunks are checked instead (assertWavComplete).
 */
function declaredLength(
  container: AudioContainer | undefined,
  input: Uint8Array,
  probedSeconds: number | undefined,
): number | undefined {
  if (container === 'mp3') return mp3DeclaredSeconds(input);
  if (container === 'flac' || container === 'mp4' || container === 'webm' || container === 'ogg') return probedSeconds;
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 200) || 'no details';
}
