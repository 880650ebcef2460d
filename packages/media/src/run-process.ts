import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { AudioError } from './errors.ts';

export interface RunProcessOptions {
  /** Bytes written to the process's stdin (stdin is closed afterwards, or at once without input). */
  input?: Uint8Array;
  /** Kill the process (SIGKILL) after this long. */
  timeoutMs: number;
  /** Kill the process when stdout grows past this many bytes. */
  maxStdoutBytes?: number;
  /** Run at a lower CPU priority (nice 10) so live call media keeps its share. */
  lowPriority?: boolean;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** The last few kilobytes of stderr, for error messages. */
  stderr: string;
  timedOut: boolean;
  stdoutLimitExceeded: boolean;
}

const STDERR_TAIL = 4096;

/**
 * Runs an external tool with an argument array — never through a shell, so nothing in a file name
 * or a text to speak can become a command — under a time limit and an output limit.
 * Rejects only when the tool cannot be started: {@link AudioError} `tool_unavailable` when it is
 * not installed; every other outcome (exit code, signal, timeout) is in the result.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
    if (options.lowPriority && child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // Not permitted or already gone: run at normal priority.
      }
    }
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;
    let stdoutLimitExceeded = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.maxStdoutBytes !== undefined && stdoutBytes > options.maxStdoutBytes) {
        if (!stdoutLimitExceeded) {
          stdoutLimitExceeded = true;
          child.kill('SIGKILL');
        }
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    // The tool may exit before reading all input (e.g. it rejects the header): not our error.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT')
        reject(new AudioError('tool_unavailable', `${command} is not installed`, { cause: error }));
      else
        reject(
          new AudioError('tool_unavailable', `${command} could not be started: ${error.message}`, { cause: error }),
        );
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout),
        stderr: stderr.trim(),
        timedOut,
        stdoutLimitExceeded,
      });
    });
    if (options.input) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
