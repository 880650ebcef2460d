import { describe, expect, it } from 'vitest';
import { safeAudioMimeType } from './upload.ts';

describe('the MIME type an upload claims', () => {
  it('is kept for audio and browser recording containers', () => {
    expect(safeAudioMimeType('audio/mpeg')).toBe('audio/mpeg');
    expect(safeAudioMimeType('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(safeAudioMimeType('video/webm')).toBe('video/webm');
  });

  it('is replaced by application/octet-stream for anything a browser could run', () => {
    expect(safeAudioMimeType('text/html')).toBe('application/octet-stream');
    expect(safeAudioMimeType('image/svg+xml')).toBe('application/octet-stream');
    expect(safeAudioMimeType(undefined)).toBe('application/octet-stream');
  });
});
