import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PromptUnavailable, type Prompt } from '@vaxel/domain';
import { AudioError, pcm16Wav, type ConvertedAudio, type TextToSpeech } from '@vaxel/media';
import { createDiskFileStore, fileKeys, openStore, type FileStore, type Store } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryPromptAudio } from './libraryPromptAudio.ts';

let store: Store;
let folder: string;
let files: FileStore;
let acme: string;
let other: string;

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  const organisation = (name: string) =>
    store.organisations.create({
      name,
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    });
  acme = (await organisation('Acme AB')).id;
  other = (await organisation('Other AB')).id;
  folder = await mkdtemp(join(tmpdir(), 'vaxel-prompts-'));
  files = createDiskFileStore(folder);
});

afterEach(async () => {
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

async function audioFile(organisationId: string, samples: Int16Array | null): Promise<string> {
  const file = await store.audioFiles.create(organisationId, {
    name: 'Greeting',
    language: 'sv',
    source: 'upload',
    ttsText: null,
    durationMs: 1000,
    originalMimeType: 'audio/wav',
    originalFileName: 'greeting.wav',
  });
  if (samples) await files.put(fileKeys.audioTelephony(organisationId, file.id), Buffer.from(pcm16Wav(samples)));
  return file.id;
}

/** Counts reads of the file store, to see what is decoded once. */
function countingFiles(): { files: Pick<FileStore, 'get'>; reads: string[] } {
  const reads: string[] = [];
  return { reads, files: { get: (key) => (reads.push(key), files.get(key)) } };
}

class FakeSpeech implements TextToSpeech {
  spoken: string[] = [];
  supportsLanguage(tag: string): boolean {
    return tag === 'sv' || tag === 'en';
  }
  async synthesize(text: string, tag: string): Promise<ConvertedAudio> {
    if (text === 'broken') throw new AudioError('tool_unavailable', 'espeak-ng failed');
    this.spoken.push(`${tag}:${text}`);
    return { wav: pcm16Wav(new Int16Array(800).fill(text.length)), durationSeconds: 0.1 };
  }
}

async function unavailable(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PromptUnavailable);
  return (error as PromptUnavailable).message;
}

describe('LibraryPromptAudio', () => {
  it('plays an audio file of the organisation’s library, decoded once for every call', async () => {
    const id = await audioFile(acme, new Int16Array(1600).fill(1234));
    const { files: counted, reads } = countingFiles();
    const prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files: counted, tts: new FakeSpeech() });
    const prompt: Prompt = { type: 'audioFile', audioFileId: id };
    const first = await prompts.samples(acme, prompt);
    const second = await prompts.samples(acme, prompt);
    expect(first).toHaveLength(1600);
    expect(first[100]).toBe(1234);
    expect(second).toBe(first);
    expect(reads).toEqual([fileKeys.audioTelephony(acme, id)]);
  });

  it('does not play another organisation’s file, a file without audio, or one it cannot decode', async () => {
    const theirs = await audioFile(other, new Int16Array(800));
    const silent = await audioFile(acme, null);
    const prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts: new FakeSpeech() });
    expect(await unavailable(prompts.samples(acme, { type: 'audioFile', audioFileId: theirs }))).toContain(
      'not in the organisation',
    );
    expect(await unavailable(prompts.samples(acme, { type: 'audioFile', audioFileId: silent }))).toContain(
      'no telephony audio',
    );
    const wide = await audioFile(acme, null);
    await files.put(fileKeys.audioTelephony(acme, wide), Buffer.from(pcm16Wav(new Int16Array(1600), 16000)));
    expect(await unavailable(prompts.samples(acme, { type: 'audioFile', audioFileId: wide }))).toContain(
      '8000 Hz mono',
    );
  });

  it('reads a file again once it was replaced', async () => {
    const id = await audioFile(acme, new Int16Array(800).fill(1));
    const prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts: new FakeSpeech() });
    await prompts.samples(acme, { type: 'audioFile', audioFileId: id });
    const file = (await store.audioFiles.get(acme, id))!;
    await files.put(fileKeys.audioTelephony(acme, id), Buffer.from(pcm16Wav(new Int16Array(800).fill(2))));
    // The store stamps updatedAt with the time; replacing happens at least a millisecond later.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(file.updatedAt)));
    const replaced = await store.audioFiles.update(acme, { ...file, name: 'New greeting' });
    expect(replaced.updatedAt).not.toBe(file.updatedAt);
    expect((await prompts.samples(acme, { type: 'audioFile', audioFileId: id }))[0]).toBe(2);
  });

  it('speaks text prompts through the text-to-speech, decoded once', async () => {
    const speech = new FakeSpeech();
    const prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts: speech });
    const welcome: Prompt = { type: 'tts', text: 'Välkommen', language: 'sv' };
    const first = await prompts.samples(acme, welcome);
    expect(await prompts.samples(other, welcome)).toBe(first);
    expect(first).toHaveLength(800);
    expect(speech.spoken).toEqual(['sv:Välkommen']);
    expect(await unavailable(prompts.samples(acme, { type: 'tts', text: 'Bonjour', language: 'fr' }))).toContain(
      "no voice for 'fr'",
    );
    expect(await unavailable(prompts.samples(acme, { type: 'tts', text: 'broken', language: 'sv' }))).toContain(
      'espeak-ng failed',
    );
  });

  it('keeps decoded audio within its bound', async () => {
    const speech = new FakeSpeech();
    const prompts = new LibraryPromptAudio({
      audioFiles: store.audioFiles,
      files,
      tts: speech,
      maxCachedSamples: 1600,
    });
    for (const text of ['one', 'two', 'three', 'one'])
      await prompts.samples(acme, { type: 'tts', text, language: 'en' });
    expect(speech.spoken).toEqual(['en:one', 'en:two', 'en:three', 'en:one']);
  });
});
