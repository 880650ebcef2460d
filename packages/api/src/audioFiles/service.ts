import {
  audioFileUsages,
  audioLimits,
  InUse,
  NotFound,
  RuleViolation,
  unsupportedLanguageMessage,
  type AudioFile,
  type AudioFileTtsCreate,
  type AudioFileUpdate,
} from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { AudioProcessing } from '../deps.ts';
import { fileKeys, type FileStore } from '@vaxel/store';
import { settingsHolders } from '../organisation/orgData.ts';
import { HttpProblem } from '../problem.ts';
import type { UploadedFile } from './upload.ts';

type Converted = { wav: Buffer; durationMs: number };

/**
 * R40–R45: the audio library. Metadata in the store, content in the file store: the telephony
 * WAV (8 kHz mono) the switch plays and the original for the console's preview.
 */
export class AudioFileService {
  constructor(
    private readonly store: Store,
    private readonly files: FileStore,
    private readonly audio: AudioProcessing,
  ) {}

  list(organisationId: string): Promise<AudioFile[]> {
    return this.store.audioFiles.list(organisationId);
  }

  async get(organisationId: string, fileId: string): Promise<AudioFile> {
    const file = await this.store.audioFiles.get(organisationId, fileId);
    if (!file) throw new NotFound('Audio file', fileId);
    return file;
  }

  /** R41, R45: converted first, so a bad upload changes nothing. */
  async createFromUpload(
    organisationId: string,
    fields: { name: string; language: string; source: 'upload' | 'recording' },
    upload: UploadedFile,
  ): Promise<AudioFile> {
    const converted = await this.convert(upload);
    const record = await this.store.audioFiles.create(organisationId, {
      name: fields.name,
      language: fields.language,
      source: fields.source,
      ttsText: null,
      durationMs: converted.durationMs,
      originalMimeType: upload.mimeType,
      originalFileName: upload.fileName,
    });
    await this.writeContent(organisationId, record.id, converted.wav, upload.data);
    return record;
  }

  async createFromText(organisationId: string, input: AudioFileTtsCreate): Promise<AudioFile> {
    const spoken = await this.speak(input.text, input.language);
    const record = await this.store.audioFiles.create(organisationId, {
      name: input.name,
      language: input.language,
      source: 'tts',
      ttsText: input.text,
      durationMs: spoken.durationMs,
      originalMimeType: 'audio/wav',
      originalFileName: null,
    });
    await this.writeContent(organisationId, record.id, spoken.wav, spoken.wav);
    return record;
  }

  /** R42: name and language; for a text-to-speech file a new text or language speaks it again. */
  async update(organisationId: string, fileId: string, input: AudioFileUpdate): Promise<AudioFile> {
    const file = await this.get(organisationId, fileId);
    if (input.text !== undefined && file.source !== 'tts') {
      throw new RuleViolation([
        { path: 'text', message: 'only text-to-speech files have a text; upload new content instead' },
      ]);
    }
    const next: AudioFile = { ...file, name: input.name ?? file.name, language: input.language ?? file.language };
    if (file.source === 'tts' && (input.text !== undefined || input.language !== undefined)) {
      const text = input.text ?? file.ttsText ?? '';
      const spoken = await this.speak(text, next.language);
      await this.putContent(organisationId, fileId, spoken.wav, spoken.wav);
      next.ttsText = text;
      next.durationMs = spoken.durationMs;
    }
    return this.store.audioFiles.update(organisationId, next);
  }

  /** R42: new content for an existing file, keeping its id so every place using it plays the new sound. */
  async replaceContent(
    organisationId: string,
    fileId: string,
    source: 'upload' | 'recording',
    upload: UploadedFile,
  ): Promise<AudioFile> {
    const file = await this.get(organisationId, fileId);
    const converted = await this.convert(upload);
    await this.putContent(organisationId, fileId, converted.wav, upload.data);
    return this.store.audioFiles.update(organisationId, {
      ...file,
      source,
      ttsText: null,
      durationMs: converted.durationMs,
      originalMimeType: upload.mimeType,
      originalFileName: upload.fileName,
    });
  }

  /** R43: only when nothing uses it; the refusal lists every place that does. */
  async delete(organisationId: string, fileId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const file = await tx.audioFiles.get(organisationId, fileId);
      if (!file) throw new NotFound('Audio file', fileId);
      const usages = audioFileUsages(fileId, await settingsHolders(tx, organisationId));
      if (usages.length > 0) throw new InUse(`Audio file "${file.name}"`, usages);
      await tx.audioFiles.delete(organisationId, fileId);
    });
    await this.files.delete(fileKeys.audioTelephony(organisationId, fileId));
    await this.files.delete(fileKeys.audioOriginal(organisationId, fileId));
  }

  async telephonyContent(organisationId: string, fileId: string): Promise<Buffer> {
    await this.get(organisationId, fileId);
    const wav = await this.files.get(fileKeys.audioTelephony(organisationId, fileId));
    if (!wav) throw new NotFound('Audio content', fileId);
    return wav;
  }

  async originalContent(organisationId: string, fileId: string): Promise<{ data: Buffer; mimeType: string }> {
    const file = await this.get(organisationId, fileId);
    const data = await this.files.get(fileKeys.audioOriginal(organisationId, fileId));
    if (!data) throw new NotFound('Audio content', fileId);
    return { data, mimeType: file.originalMimeType };
  }

  async waveform(organisationId: string, fileId: string, points: number): Promise<number[]> {
    return this.audio.waveform(await this.telephonyContent(organisationId, fileId), points);
  }

  /** The console's listen button: speech that is not stored. */
  async preview(text: string, language: string): Promise<Buffer> {
    return (await this.speak(text, language)).wav;
  }

  private async convert(upload: UploadedFile): Promise<Converted> {
    if (upload.data.length === 0) throw new HttpProblem(422, 'unsupported_audio', 'The file is empty.');
    if (upload.data.length > audioLimits.maxBytes) {
      throw new HttpProblem(
        413,
        'payload_too_large',
        `Audio files may be at most ${audioLimits.maxBytes / 1024 / 1024} MB.`,
      );
    }
    return this.checkLength(await this.audio.convertUpload(upload.data, upload.mimeType));
  }

  /** Refused before anything is spoken or stored, with the field, like a prompt in that language. */
  private async speak(text: string, language: string): Promise<Converted> {
    if (!this.audio.supportsLanguage(language)) {
      throw new RuleViolation(
        [{ path: 'language', message: unsupportedLanguageMessage(language) }],
        'unsupported_language',
      );
    }
    return this.checkLength(await this.audio.synthesize(text, language));
  }

  private checkLength(converted: Converted): Converted {
    if (converted.durationMs > audioLimits.maxSeconds * 1000) {
      throw new HttpProblem(422, 'audio_too_long', `Audio may be at most ${audioLimits.maxSeconds / 60} minutes long.`);
    }
    return converted;
  }

  /** Content of a newly created record; without its content the record is removed again. */
  private async writeContent(organisationId: string, fileId: string, wav: Buffer, original: Buffer): Promise<void> {
    try {
      await this.putContent(organisationId, fileId, wav, original);
    } catch (error) {
      await this.store.audioFiles.delete(organisationId, fileId);
      throw error;
    }
  }

  private async putContent(organisationId: string, fileId: string, wav: Buffer, original: Buffer): Promise<void> {
    await this.files.put(fileKeys.audioTelephony(organisationId, fileId), wav);
    await this.files.put(fileKeys.audioOriginal(organisationId, fileId), original);
  }
}
