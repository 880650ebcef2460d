/**
 * Fakes of the services and call-log notes steps use, for unit tests of steps (beside
 * `fakes.ts`, which fakes the media and the caller leg). Not used by production code.
 */
import {
  PromptUnavailable,
  type CallPathStep,
  type Prompt,
  type PromptAudio,
  type TelephonyAudio,
} from '@vaxel/domain';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { CallLogNotes } from './step.ts';

/**
 * Prompt audio without a TTS engine: a TTS prompt becomes 10 samples per character of its text,
 * each the text's length (so tests can tell clips apart); an audio file whose id is listed in
 * `missing` is unavailable, any other one is 800 samples of its id's length.
 */
export class FakePromptAudio implements PromptAudio {
  readonly requested: Prompt[] = [];
  readonly missing = new Set<string>();
  async samples(_organisationId: string, prompt: Prompt): Promise<TelephonyAudio> {
    this.requested.push(prompt);
    if (prompt.type === 'tts') return new Int16Array(prompt.text.length * 10).fill(prompt.text.length);
    if (this.missing.has(prompt.audioFileId))
      throw new PromptUnavailable(prompt, `no audio file ${prompt.audioFileId}`);
    return new Int16Array(800).fill(prompt.audioFileId.length);
  }
  /** The clip `samples` gives for a TTS text, to compare with what a fake media was asked to play. */
  static clipOf(text: string): TelephonyAudio {
    return new Int16Array(text.length * 10).fill(text.length);
  }
}

/** Remembers what a step told the call log. */
export class FakeCallLog implements CallLogNotes {
  readonly steps: Array<Omit<CallPathStep, 'at'>> = [];
  readonly ivrMenus: string[] = [];
  readonly voicemails: string[] = [];
  readonly recordings: string[] = [];
  readonly presentedNumbers: string[] = [];
  readonly queueWaits: number[] = [];
  path(step: Omit<CallPathStep, 'at'>): void {
    this.steps.push(step);
  }
  ivrMenu(ivrMenuId: string): void {
    this.ivrMenus.push(ivrMenuId);
  }
  voicemailLeft(messageId: string): void {
    this.voicemails.push(messageId);
  }
  recording(recordingId: string): void {
    this.recordings.push(recordingId);
  }
  presented(fromNumber: string): void {
    this.presentedNumbers.push(fromNumber);
  }
  queueWait(seconds: number): void {
    this.queueWaits.push(seconds);
  }
  /** The path as `type:name` words, e.g. `ivrMenu:Main`, `key:1`. */
  get words(): string[] {
    return this.steps.map((s) => `${s.type}:${s.name}`);
  }
}

/** A logger that keeps its lines, for tests that a step says why it did something. */
export class FakeLogger implements SwitchLogger {
  readonly lines: Array<{
    level: 'debug' | 'info' | 'warn' | 'error';
    message: string;
    details?: Record<string, unknown>;
  }> = [];
  debug(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', message, ...(details ? { details } : {}) });
  }
  info(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(details ? { details } : {}) });
  }
  warn(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(details ? { details } : {}) });
  }
  error(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(details ? { details } : {}) });
  }
}
