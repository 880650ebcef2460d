import { describe, expect, it } from 'vitest';
import type { AudioConverter } from './audio-converter.ts';
import { AudioError } from './errors.ts';
import { EspeakTextToSpeech, espeakVoiceFor } from './espeak-text-to-speech.ts';

const neverConverts: AudioConverter = {
  toTelephonyWav: () => Promise.reject(new Error('not expected to convert')),
};

describe('espeakVoiceFor', () => {
  it('maps BCP 47 tags to espeak-ng voices', () => {
    expect(espeakVoiceFor('sv-SE')).toBe('sv');
    expect(espeakVoiceFor('sv')).toBe('sv');
    expect(espeakVoiceFor('en-GB')).toBe('en-gb');
    expect(espeakVoiceFor('en-US')).toBe('en-us');
    expect(espeakVoiceFor('en')).toBe('en-gb');
    expect(espeakVoiceFor('en_us')).toBe('en-us');
  });

  it('falls back from an unknown region to the language', () => {
    expect(espeakVoiceFor('sv-FI')).toBe('sv');
    expect(espeakVoiceFor('en-AU')).toBe('en-gb');
  });

  it('has no voice for other languages', () => {
    expect(espeakVoiceFor('fi-FI')).toBeUndefined();
    expect(espeakVoiceFor('')).toBeUndefined();
  });
});

describe('EspeakTextToSpeech input checks', () => {
  const tts = new EspeakTextToSpeech({ converter: neverConverts, maxTextLength: 10 });

  it('refuses a language without a voice with unsupported_language', async () => {
    await expect(tts.synthesize('Hei', 'fi-FI')).rejects.toMatchObject({
      name: 'AudioError',
      code: 'unsupported_language',
    });
    expect(tts.supportsLanguage('fi-FI')).toBe(false);
    expect(tts.supportsLanguage('sv-SE')).toBe(true);
  });

  it('refuses empty and overlong text', async () => {
    await expect(tts.synthesize('   ', 'sv-SE')).rejects.toBeInstanceOf(RangeError);
    await expect(tts.synthesize('far too long a text', 'sv-SE')).rejects.toBeInstanceOf(RangeError);
  });

  it('says the tool is unavailable when espeak-ng cannot be found', async () => {
    const missing = new EspeakTextToSpeech({ converter: neverConverts, espeakPath: '/nonexistent/espeak-ng' });
    const failure = await missing.synthesize('Hej', 'sv-SE').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AudioError);
    expect((failure as AudioError).code).toBe('tool_unavailable');
  });
});
