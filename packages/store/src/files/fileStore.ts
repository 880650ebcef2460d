/**
 * Content of audio files, recordings and voicemail, kept outside the database (on disk under the
 * data folder in the embedded setup, shared storage when scaled out). Both the api (uploads,
 * playback in the console) and the switch (prompts, recording, voicemail) reach it. Keys are
 * relative paths made by {@link fileKeys}, always beginning with the organisation id.
 */
export interface FileStore {
  /** Writes a whole file; a reader never sees half of it. */
  put(key: string, data: Buffer): Promise<void>;
  /** Null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /**
   * A file written while something happens (a call being recorded): bytes land at their position
   * as they come, so a crash loses at most what was not written yet, never the file. Fails when
   * the file exists already.
   */
  openWriter(key: string): Promise<FileWriter>;
}

/** A file being written, in place (see {@link FileStore.openWriter}). */
export interface FileWriter {
  /** Writes `data` at byte `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  /** Flushes to the disk (fsync). */
  sync(): Promise<void>;
  /** Flushes and closes; safe twice. */
  close(): Promise<void>;
}

export const fileKeys = {
  /** The 8 kHz mono WAV the switch plays. */
  audioTelephony: (organisationId: string, audioFileId: string) => `${organisationId}/audio/${audioFileId}.wav`,
  /** The file as uploaded, for the console's preview (R41). */
  audioOriginal: (organisationId: string, audioFileId: string) => `${organisationId}/audio/${audioFileId}.original`,
  /** A call recording, written by the switch (R77). */
  recording: (organisationId: string, recordingId: string) => `${organisationId}/recordings/${recordingId}.wav`,
  /** A voicemail message, written by the switch (R76). */
  voicemail: (organisationId: string, messageId: string) => `${organisationId}/voicemail/${messageId}.wav`,
};
