import { beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '@vaxel/testing';
import {
  concatPcm,
  decodeG711,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  InbandDtmfDetector,
  parseWav,
  silence,
  tone,
  wavSamples,
} from '../src/index.ts';

/** No false digits from speech: the real espeak-ng's voices run through G.711 into the detector. */
const tts = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() });
beforeAll(() => {
  for (const tool of ['espeak-ng', 'ffmpeg']) requireTool(tool);
});

function heard(samples: Int16Array): string[] {
  const detector = new InbandDtmfDetector();
  const digits: string[] = [];
  detector.on('digit', (d) => digits.push(d));
  for (let at = 0; at < samples.length; at += 160)
    detector.pushSamples(decodeG711('PCMA', encodeG711('PCMA', samples.subarray(at, at + 160))));
  return digits;
}

async function speech(text: string, language: string): Promise<Int16Array> {
  return wavSamples(parseWav((await tts.synthesize(text, language)).wav));
}

describe('InbandDtmfDetector and speech', () => {
  it.each([
    [
      'sv',
      'Välkommen till Acme. Tryck ett för försäljning, två för support, stjärna för att höra menyn igen. Ditt samtal är viktigt för oss, var god dröj.',
    ],
    [
      'en',
      'Welcome to Acme. Press one for sales, two for support, or hash to hear this menu again. Your call is important to us, please hold the line.',
    ],
  ])(
    'hears no digit in %s speech, and a key pressed between the sentences',
    async (language, text) => {
      const voice = await speech(text, language);
      expect(voice.length).toBeGreaterThan(8000 * 5);
      expect(heard(voice)).toEqual([]);
      const press = tone({ frequencies: [852, 1477], durationMs: 100, amplitude: 0.4 });
      expect(heard(concatPcm(voice, silence(50), press, silence(50), voice))).toEqual(['9']);
    },
    30_000,
  );
});
