import { describe, expect, it } from 'vitest';
import { RecordingKey, recordingKeyWindowMs } from './recordingKey.ts';

describe('the on-demand recording key *1', () => {
  it('is recognised from either party', () => {
    const key = new RecordingKey();
    expect(key.press('caller', '*', 0)).toBe(false);
    expect(key.press('caller', '1', 400)).toBe(true);
    expect(key.press('callee', '*', 1000)).toBe(false);
    expect(key.press('callee', '1', 1200)).toBe(true);
  });

  it("is not made of one party's * and the other's 1", () => {
    const key = new RecordingKey();
    key.press('caller', '*', 0);
    expect(key.press('callee', '1', 100)).toBe(false);
  });

  it('needs the 1 within the window after *', () => {
    const key = new RecordingKey();
    key.press('caller', '*', 0);
    expect(key.press('caller', '1', recordingKeyWindowMs + 1)).toBe(false);
    key.press('caller', '*', 10_000);
    expect(key.press('caller', '1', 10_000 + recordingKeyWindowMs)).toBe(true);
  });

  it('starts over after another key, and a lone 1 is nothing', () => {
    const key = new RecordingKey();
    expect(key.press('caller', '1', 0)).toBe(false);
    key.press('caller', '*', 10);
    key.press('caller', '5', 20);
    expect(key.press('caller', '1', 30)).toBe(false);
    key.press('caller', '*', 40);
    key.press('caller', '*', 50);
    expect(key.press('caller', '1', 60)).toBe(true);
    expect(key.press('caller', '1', 70)).toBe(false);
  });
});
