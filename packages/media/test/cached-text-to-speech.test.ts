import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CachedTextToSpeech,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  parseWav,
  wavSamples,
  type TextToSpeech,
} from '../src/index.ts';
import { requireTool } from '@vaxel/testing';

/** The real espeak-ng, wrapped only to count how often it is asked to speak. */
function countingEspeak(): { engine: TextToSpeech; calls: string[] } {
  const real = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() });
  const calls: string[] = [];
  return {
    calls,
    engine: {
      supportsLanguage: (tag) => real.supportsLanguage(tag),
      synthesize: (text, tag) => {
        calls.push(tag);
        return real.synthesize(text, tag);
      },
    },
  };
}

let folder: string;
beforeAll(async () => {
  for (const tool of ['espeak-ng', 'ffmpeg']) requireTool(tool);
  folder = await mkdtemp(join(tmpdir(), 'vaxel-tts-real-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('CachedTextToSpeech over espeak-ng', () => {
  it.each([
    ['sv', 'Välkommen till Växel. Tryck ett för växeln.'],
    ['en', 'Welcome to Växel. Press one for the operator.'],
  ])('speaks a %s prompt once for two calls, both hearing the same audio', async (language, text) => {
    const { engine, calls } = countingEspeak();
    const tts = new CachedTextToSpeech({ engine, folder, engineId: 'espeak-ng' });
    const [firstCall, secondCall] = await Promise.all([tts.synthesize(text, language), tts.synthesize(text, language)]);
    const thirdCall = await tts.synthesize(text, language);
    expect(calls).toEqual([language]);
    const samples = wavSamples(parseWav(firstCall.wav));
    expect(samples.length).toBeGreaterThan(8000);
    expect(secondCall.wav).toEqual(firstCall.wav);
    expect(thirdCall.wav).toEqual(firstCall.wav);

    // After a restart the folder has it: espeak-ng is not started again.
    const restarted = countingEspeak();
    const again = await new CachedTextToSpeech({ engine: restarted.engine, folder, engineId: 'espeak-ng' }).synthesize(
      text,
      language,
    );
    expect(restarted.calls).toEqual([]);
    expect(Buffer.from(again.wav).equals(Buffer.from(firstCall.wav))).toBe(true);
  });
});
