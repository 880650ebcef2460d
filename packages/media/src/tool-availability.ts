import { AudioError } from './errors.ts';
import { runProcess } from './run-process.ts';

export interface ToolStatus {
  available: boolean;
  /** First line of the tool's version output when available. */
  version?: string;
}

export interface ToolAvailability {
  espeakNg: ToolStatus;
  ffmpeg: ToolStatus;
  ffprobe: ToolStatus;
}

export interface ToolPaths {
  espeakNg?: string;
  ffmpeg?: string;
  ffprobe?: string;
}

async function check(command: string, versionFlag: string): Promise<ToolStatus> {
  try {
    const result = await runProcess(command, [versionFlag], { timeoutMs: 5000, maxStdoutBytes: 64 * 1024 });
    if (result.exitCode !== 0) return { available: false };
    const version = result.stdout.toString('utf8').split('\n')[0]?.trim();
    return version ? { available: true, version } : { available: true };
  } catch (error) {
    if (error instanceof AudioError) return { available: false };
    throw error;
  }
}

/**
 * Reports whether the external audio tools can be run, for the start-up banner and for features
 * (text-to-speech needs espeak-ng and ffmpeg; uploads need ffmpeg and ffprobe) to refuse with a
 * clear error instead of failing halfway.
 */
export async function toolAvailability(paths: ToolPaths = {}): Promise<ToolAvailability> {
  const [espeakNg, ffmpeg, ffprobe] = await Promise.all([
    check(paths.espeakNg ?? 'espeak-ng', '--version'),
    check(paths.ffmpeg ?? 'ffmpeg', '-version'),
    check(paths.ffprobe ?? 'ffprobe', '-version'),
  ]);
  return { espeakNg, ffmpeg, ffprobe };
}

/** One line per tool, e.g. "espeak-ng: available (eSpeak NG text-to-speech: 1.51 …)". */
export function describeToolAvailability(availability: ToolAvailability): string {
  const line = (name: string, status: ToolStatus, needed: string) =>
    status.available
      ? `${name}: available (${status.version ?? 'unknown version'})`
      : `${name}: MISSING — ${needed} will not work`;
  return [
    line('espeak-ng', availability.espeakNg, 'text-to-speech prompts'),
    line('ffmpeg', availability.ffmpeg, 'audio uploads, browser recordings and text-to-speech'),
    line('ffprobe', availability.ffprobe, 'audio uploads and browser recordings'),
  ].join('\n');
}
