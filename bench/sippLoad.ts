/**
 * sipp as a load generator for the benchmarks (bench/switchCalls.ts, bench/soak.ts, bench/sipFlood.ts): one sipp run
 * in its own folder, its figures read from sipp's own trace files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '@vaxel/testing';
import { processCpuSeconds } from './machineStat.ts';

export interface SippResult {
  code: number | null;
  /** From sipp's own statistics file (-trace_stat): cumulative successful and failed calls. */
  successful: number;
  failed: number;
  rtt: number[];
  /** CPU seconds sipp used (user + system), as the wrapping shell's `times` reports them. */
  cpuSeconds: number;
  output: string;
}

/** Cumulative columns of the last row of sipp's -trace_stat CSV (semicolon separated). */
export function lastStatistics(dir: string): Record<string, string> {
  const file = readdirSync(dir).find((f) => f.endsWith('_.csv'));
  if (!file) return {};
  const rows = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = rows[0]?.split(';') ?? [];
  const last = rows.at(-1)?.split(';') ?? [];
  return Object.fromEntries(header.map((name, i) => [name, last[i] ?? '']));
}

/** bash's `times` prints the children's user and system time on its second line: "0m1.230s 0m0.450s". */
export function childCpuSeconds(output: string): number {
  const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/m.exec(
    output
      .split('\n')
      .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l))
      .at(-1) ?? '',
  );
  if (!match) return NaN;
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4]);
}

/** sipp with its statistics and response times; `address` is the loopback address it sends from (default 127.0.0.1). */
export function sipp(
  args: string[],
  files: Record<string, Buffer> = {},
  address = '127.0.0.1',
  /** Reads what else sipp wrote into its folder (a -trace_msg log) before the folder is removed. */
  readFolder?: (dir: string) => void,
): { done: Promise<SippResult>; kill(): void; cpuSeconds(): number } {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-bench-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  // Through bash, whose `times` then reports the CPU sipp used, for "how many of the cores sipp took".
  const child = spawn(
    'bash',
    [
      '-c',
      '"$0" "$@"; code=$?; times >&2; exit $code',
      requireTool('sipp'),
      ...args,
      '-nostdin',
      '-i',
      address,
      '-trace_rtt',
      '-rtt_freq',
      '1',
      '-trace_stat',
      '-fd',
      '1',
    ],
    // Its own process group, so that kill() reaches sipp under the shell.
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  // Only the tail is kept: sipp redraws its screen every second, and a soak must not measure
  // this process hoarding sipp's output as a leak of the switch.
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-6000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      const statistics = lastStatistics(dir);
      const rtt: number[] = [];
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('_rtt.csv')) continue;
        for (const line of readFileSync(join(dir, file), 'utf8').split('\n').slice(1)) {
          const value = Number(line.split(';')[1]);
          if (Number.isFinite(value) && line.trim() !== '') rtt.push(value);
        }
      }
      readFolder?.(dir);
      rmSync(dir, { recursive: true, force: true });
      resolve({
        code,
        successful: Number(statistics['SuccessfulCall(C)'] ?? 0),
        failed: Number(statistics['FailedCall(C)'] ?? 0),
        rtt,
        cpuSeconds: childCpuSeconds(output),
        output: output.slice(-3000),
      });
    });
  });
  // sipp's own CPU, read from /proc while it runs (bash's `times` is lost when sipp is killed).
  let cpu = 0;
  const watch = setInterval(() => {
    const sippPid = child.pid === undefined ? undefined : childPid(child.pid);
    if (sippPid === undefined) return;
    try {
      cpu = processCpuSeconds(sippPid);
    } catch {
      // It has just exited: the last reading stands.
    }
  }, 200);
  void done.finally(() => clearInterval(watch));
  return {
    done,
    kill: () => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'),
    cpuSeconds: () => cpu,
  };
}

/** The first child of a process (sipp under its bash), from /proc. */
function childPid(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

export const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
