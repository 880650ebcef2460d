/**
 * Content of audio files and recordings, kept outside the database (on disk under the data
 * folder in the embedded setup, shared storage when scaled out). Keys are relative paths made
 * by the key helpers below, always beginning with the organisation id.
 */
export interface FileStore {
  put(key: string, data: Buffer): Promise<void>;
  /** Null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const fileKeys = {
  /** The 8 kHz mono WAV the switch plays. */
  audioTelephony: (organisationId: string, audioFileId: string) => `${organisationId}/audio/${audioFileId}.wav`,
  /** The file as uploaded, for the console's preview (R41). */
  audioOriginal: (organisationId: string, audioFileId: string) => `${organisationId}/audio/${audioFileId}.original`,
  /** A call recording, written by the switch (R77). */
  recording: (organisationId: string, recordingId: string) => `${organisationId}/recordings/${recordingId}.wav`,
};
