import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.ts';
import { runProcess } from './run-process.ts';

describe('runProcess', () => {
  it('passes input on stdin and collects stdout and the exit code, without a shell', async () => {
    const result = await runProcess(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], {
      input: new TextEncoder().encode('$(echo hi); rm -rf /'),
      timeoutMs: 10_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString()).toBe('$(echo hi); rm -rf /');
  });

  it('kills a process that outlives its time limit', async () => {
    const result = await runProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('kills a process whose output exceeds the limit', async () => {
    const result = await runProcess(
      process.execPath,
      ['-e', 'setInterval(() => process.stdout.write("x".repeat(65536)), 1)'],
      {
        timeoutMs: 10_000,
        maxStdoutBytes: 100_000,
      },
    );
    expect(result.stdoutLimitExceeded).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(100_000);
  });

  it('reports the tail of stderr and a failing exit code', async () => {
    const result = await runProcess(process.execPath, ['-e', 'console.error("bad input"); process.exit(3)'], {
      timeoutMs: 10_000,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('bad input');
  });

  it('rejects with tool_unavailable when the program does not exist', async () => {
    await expect(runProcess('/nonexistent/tool', [], { timeoutMs: 1000 })).rejects.toBeInstanceOf(AudioError);
  });

  it('can run a tool at lower CPU priority', async () => {
    const result = await runProcess(
      process.execPath,
      ['-e', 'process.stdout.write(String(require("os").getPriority()))'],
      {
        timeoutMs: 10_000,
        lowPriority: true,
      },
    );
    expect(result.stdout.toString()).toBe('10');
  });
});
