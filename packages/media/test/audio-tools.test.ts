import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AudioError,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  InbandDtmfDetector,
  parseWav,
  toolAvailability,
  waveformPeaks,
  wavSamples,
  type AudioErrorCode,
} from '../src/index.ts';
import { requireTool } from '@vaxel/testing';

// These tests run the real espeak-ng, ffmpeg, ffprobe and sox: a missing one fails the suite
// (requireTool), never skips it.
let dir: string;

/** Generates a test input with ffmpeg from a lavfi source, so no binary fixture is committed. */
function generate(name: string, args: string[]): Promise<Buffer> {
  const path = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, path], { stdio: 'pipe' });
  return readFile(path);
}

function sine(seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`];
}

async function expectCode(promise: Promise<unknown>, code: AudioErrorCode): Promise<void> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AudioError);
  expect((failure as AudioError).code).toBe(code);
}

beforeAll(async () => {
  for (const tool of ['espeak-ng', 'ffmpeg', 'ffprobe', 'sox']) requireTool(tool);
  dir = await mkdtemp(join(tmpdir(), 'vaxel-media-tools-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('toolAvailability', () => {
  it('finds espeak-ng, ffmpeg and ffprobe with their versions', async () => {
    const tools = await toolAvailability();
    expect(tools.espeakNg.available).toBe(true);
    expect(tools.ffmpeg.version).toMatch(/ffmpeg version/);
    expect(tools.ffprobe.available).toBe(true);
  });

  it('reports a tool missing from the given path', async () => {
    expect((await toolAvailability({ ffmpeg: '/nonexistent/ffmpeg' })).ffmpeg).toEqual({ available: false });
  });
});

describe('FfmpegAudioConverter', () => {
  const converter = new FfmpegAudioConverter({ maxDurationSeconds: 5 });

  const formats: Array<[string, string, string[]]> = [
    ['WAV 44.1 kHz stereo', 'in.wav', ['-ac', '2', '-ar', '44100']],
    ['MP3', 'in.mp3', ['-c:a', 'libmp3lame']],
    ['OGG/Vorbis', 'in.ogg', ['-c:a', 'libvorbis']],
    ['OGG/Opus', 'in.opus', ['-c:a', 'libopus']],
    ['WebM/Opus (MediaRecorder)', 'in.webm', ['-c:a', 'libopus']],
  ];

  it.each(formats)(
    'converts %s to 8 kHz mono 16-bit WAVE and reports its duration',
    async (_label, name, codecArgs) => {
      const input = await generate(name, [...sine(2), ...codecArgs]);
      const converted = await converter.toTelephonyWav(input);
      const audio = parseWav(converted.wav);
      expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1 });
      expect(converted.durationSeconds).toBeGreaterThan(1.9);
      expect(converted.durationSeconds).toBeLessThan(2.1);
      expect(Math.max(...waveformPeaks(converted.wav, 10))).toBeGreaterThan(0.05);
    },
  );

  it('measures a streamed WebM that has no duration in its header, as MediaRecorder writes it', async () => {
    const streamed = execFileSync('ffmpeg', ['-v', 'error', ...sine(2), '-c:a', 'libopus', '-f', 'webm', 'pipe:1'], {
      maxBuffer: 10 * 1024 * 1024,
    });
    const probed = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', '-i', 'pipe:0'],
      {
        input: streamed,
      },
    );
    expect(probed.toString().trim()).toBe('N/A');
    const converted = await converter.toTelephonyWav(streamed);
    expect(converted.durationSeconds).toBeGreaterThan(1.9);
    await expectCode(new FfmpegAudioConverter({ maxDurationSeconds: 1 }).toTelephonyWav(streamed), 'audio_too_long');
  });

  it('refuses audio longer than the limit with audio_too_long', async () => {
    const input = await generate('long.mp3', [...sine(7), '-c:a', 'libmp3lame']);
    await expectCode(converter.toTelephonyWav(input), 'audio_too_long');
  });

  it('refuses input larger than the limit with audio_too_large', async () => {
    const input = await generate('big.wav', sine(1));
    await expectCode(new FfmpegAudioConverter({ maxInputBytes: 1000 }).toTelephonyWav(input), 'audio_too_large');
  });

  it('refuses text and an image with unsupported_audio', async () => {
    await expectCode(
      converter.toTelephonyWav(new TextEncoder().encode('this is not audio at all\n'.repeat(20))),
      'unsupported_audio',
    );
    const png = await generate('image.png', ['-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1']);
    await expectCode(converter.toTelephonyWav(png), 'unsupported_audio');
    await expectCode(converter.toTelephonyWav(new Uint8Array(0)), 'unsupported_audio');
  });

  it('refuses a video without sound with unsupported_audio', async () => {
    const video = await generate('silent.mkv', ['-f', 'lavfi', '-i', 'color=c=blue:s=32x32:d=1', '-c:v', 'ffv1']);
    await expectCode(converter.toTelephonyWav(video), 'unsupported_audio');
  });

  it('refuses a damaged OGG and a truncated WAVE header with corrupt_audio', async () => {
    const ogg = await generate('ok.ogg', [...sine(1), '-c:a', 'libvorbis']);
    const damaged = Buffer.concat([ogg.subarray(0, 300), Buffer.alloc(3000, 0x5a)]);
    await expectCode(converter.toTelephonyWav(damaged), 'corrupt_audio');
    const wav = await generate('ok.wav', sine(1));
    await expectCode(converter.toTelephonyWav(wav.subarray(0, 20)), 'corrupt_audio');
  });
});

describe('FfmpegAudioConverter with files cut short or damaged', () => {
  const converter = new FfmpegAudioConverter({ maxDurationSeconds: 30 });
  /** A failed conversion's error, to check its code and its words. */
  const failure = (input: Uint8Array) =>
    converter.toTelephonyWav(input).then(
      () => undefined,
      (error: unknown) => error as AudioError,
    );

  it('refuses the first 4 kB of a 10 s MP3 by the frame count in its Info header, instead of 0.2 s of audio', async () => {
    const mp3 = await generate('ten.mp3', [...sine(10), '-c:a', 'libmp3lame', '-b:a', '64k']);
    const error = await failure(mp3.subarray(0, 4096));
    expect(error).toBeInstanceOf(AudioError);
    expect(error?.code).toBe('corrupt_audio');
    expect(error?.message).toMatch(/cut short: it announces 10\.\d s of audio but only 0\.\d s could be decoded/);
  });

  it('refuses a WAV whose data chunk is cut, made by sox', async () => {
    const path = join(dir, 'sox.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', path, 'synth', '3', 'sine', '440'], {
      stdio: 'pipe',
    });
    const wav = await readFile(path);
    const error = await failure(wav.subarray(0, Math.floor(wav.length / 3)));
    expect(error?.code).toBe('corrupt_audio');
    expect(error?.message).toMatch(/WAV file is cut short: its data chunk announces 96000 bytes \(3\.0 s of audio\)/);
  });

  it('refuses an Ogg/Opus file cut in the middle of a page, and one cut at a page boundary (no last page)', async () => {
    const ogg = await generate('cut.opus', [...sine(4), '-c:a', 'libopus']);
    const midPage = await failure(ogg.subarray(0, Math.floor(ogg.length / 2) + 7));
    expect(midPage?.code).toBe('corrupt_audio');
    expect(midPage?.message).toMatch(/Ogg file is cut short/);
    const lastPageAt = ogg.lastIndexOf(Buffer.from('OggS'));
    const atBoundary = await failure(ogg.subarray(0, lastPageAt));
    expect(atBoundary?.code).toBe('corrupt_audio');
    expect(atBoundary?.message).toMatch(/no last page/);
  });

  it('refuses an MP3 damaged in the middle by the errors the decoder reports', async () => {
    const mp3 = Buffer.from(await generate('damaged.mp3', [...sine(4), '-c:a', 'libmp3lame']));
    for (let i = 0; i < 600; i++) mp3[Math.floor(mp3.length / 2) + i] = (i * 7919) & 0xff;
    const error = await failure(mp3);
    expect(error?.code).toBe('corrupt_audio');
    expect(error?.message).toMatch(/damaged|cut short/);
  });

  it('refuses a FLAC file cut short by the length in its STREAMINFO', async () => {
    const flac = await generate('cut.flac', [...sine(6)]);
    expect((await failure(flac.subarray(0, Math.floor(flac.length / 3))))?.code).toBe('corrupt_audio');
  });

  it('still converts complete files whose headers leave the length open: espeak-ng on stdout, a streamed WebM', async () => {
    const spoken = execFileSync('espeak-ng', ['-v', 'sv', '--stdout', 'Välkommen till Växel'], {
      maxBuffer: 10 * 1024 * 1024,
    });
    expect(spoken.readUInt32LE(40)).toBeGreaterThanOrEqual(0x7fff0000);
    expect((await converter.toTelephonyWav(spoken)).durationSeconds).toBeGreaterThan(0.5);
    const streamed = execFileSync('ffmpeg', ['-v', 'error', ...sine(2), '-c:a', 'libopus', '-f', 'webm', 'pipe:1'], {
      maxBuffer: 10 * 1024 * 1024,
    });
    expect((await converter.toTelephonyWav(streamed)).durationSeconds).toBeGreaterThan(1.9);
  });
});

describe('EspeakTextToSpeech', () => {
  const tts = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() });

  it.each([
    ['sv-SE', 'Välkommen till Växel. Tryck ett för växeln.'],
    ['en-GB', 'Welcome to Växel. Press one for the switchboard.'],
    ['en-US', 'Please hold, your call is important to us.'],
  ])('speaks %s as telephony audio', async (language, text) => {
    const spoken = await tts.synthesize(text, language);
    expect(parseWav(spoken.wav)).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1 });
    expect(spoken.durationSeconds).toBeGreaterThan(1);
    expect(Math.max(...waveformPeaks(spoken.wav))).toBeGreaterThan(0.1);
  });

  it('does not make the in-band DTMF detector hear digits in speech (talk-off)', async () => {
    const detector = new InbandDtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (d) => digits.push(d));
    for (const [language, text] of [
      [
        'sv-SE',
        'Hej och välkommen. Ditt samtal är viktigt för oss, var god dröj. Tryck fyra för support, sju för ekonomi.',
      ],
      ['en-US', 'Thank you for calling. Please listen carefully, as our menu options have changed recently.'],
    ] as const) {
      detector.pushSamples(wavSamples(parseWav((await tts.synthesize(text, language)).wav)));
    }
    expect(digits).toEqual([]);
  });

  it('speaks a text that starts with a dash as text, not as an option', async () => {
    const spoken = await tts.synthesize('--help me please', 'en');
    expect(spoken.durationSeconds).toBeGreaterThan(0.5);
  });
});
