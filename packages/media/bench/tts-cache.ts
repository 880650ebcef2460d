/**
 * Text-to-speech cold vs cached: the real espeak-ng (+ ffmpeg to 8 kHz) for prompts of a few
 * lengths in sv and en, then the same prompts from the memory cache and, after a "restart" (a new
 * cache over the same folder), from disk.
 *
 *   npx tsx packages/media/bench/tts-cache.ts [rounds=3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '../src/index.ts';

const rounds = Number(process.argv[2] ?? 3);
const prompts: Array<[string, string]> = [
  ['sv', 'Tryck ett.'],
  ['sv', 'Välkommen till Acme. Tryck ett för försäljning, två för support eller nio för växeln.'],
  [
    'sv',
    'Vi har stängt just nu. Våra öppettider är vardagar mellan åtta och sjutton. Lämna gärna ett meddelande efter tonen, så ringer vi upp dig så snart vi kan. Tack för att du ringde Acme.',
  ],
  ['en', 'Press one.'],
  ['en', 'Welcome to Acme. Press one for sales, two for support or nine for the operator.'],
  [
    'en',
    'We are closed right now. Our opening hours are weekdays from eight to five. Please leave a message after the tone and we will call you back as soon as we can. Thank you for calling Acme.',
  ],
];

const engine = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() });
const folder = await mkdtemp(join(tmpdir(), 'vaxel-tts-bench-'));

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const rows: Array<{
  language: string;
  characters: number;
  audioSeconds: number;
  coldMs: number;
  memoryMs: number;
  diskMs: number;
}> = [];
for (const [language, text] of prompts) {
  const cold: number[] = [];
  const memory: number[] = [];
  const disk: number[] = [];
  let audioSeconds = 0;
  for (let round = 0; round < rounds; round++) {
    const roundFolder = join(folder, `${round}`);
    const cache = new CachedTextToSpeech({ engine, folder: roundFolder });
    cold.push(await timed(async () => (audioSeconds = (await cache.synthesize(text, language)).durationSeconds)));
    memory.push(await timed(() => cache.synthesize(text, language)));
    const restarted = new CachedTextToSpeech({ engine, folder: roundFolder });
    disk.push(await timed(() => restarted.synthesize(text, language)));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  rows.push({
    language,
    characters: text.length,
    audioSeconds: Math.round(audioSeconds * 10) / 10,
    coldMs: Math.round(median(cold)),
    memoryMs: Math.round(median(memory) * 1000) / 1000,
    diskMs: Math.round(median(disk) * 100) / 100,
  });
}
for (const row of rows) console.log(JSON.stringify(row));
await rm(folder, { recursive: true, force: true });
