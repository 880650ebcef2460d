import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireTool } from '@vaxel/testing';

/** Scenario files committed at the repository root, test/sipp/. */
export const SCENARIOS = resolve(import.meta.dirname, '../../../test/sipp');

export interface SippRun {
  /** sipp's exit code: 0 when every call of the scenario succeeded. */
  code: number | null;
  output: string;
  /** Contents of sipp's error trace (unexpected messages), if any. */
  errors: string;
  /** Lines the scenario wrote with <log> (-trace_logs). */
  logs: string;
}

export interface SippOptions {
  scenario: string;
  /** Local SIP port of this sipp. */
  port: number;
  /** The switch's port; omitted for a server (UAS) that waits for calls. */
  remotePort?: number;
  /** Request-URI user part (-s). */
  service?: string;
  username?: string;
  password?: string;
  /** Values for [key] placeholders (-key). */
  keys?: Record<string, string>;
  timeoutSeconds?: number;
  /** Duration of <pause/> without milliseconds (-d): talk or ring time. */
  pauseMs?: number;
  /** Extra sipp arguments (-rtp_echo, -mp ...). */
  extra?: string[];
  /** Files written into sipp's working directory first (audio.pcap ...). */
  files?: Record<string, Buffer>;
  /** sipp transport mode: u1 (UDP, default) or t1 (one TCP connection). */
  transport?: 'u1' | 't1';
  /** Bind address (default 127.0.0.1); a trunk test calls from 127.0.0.2. */
  address?: string;
  /** Calls of the scenario to make, one after another (-m; default 1). */
  calls?: number;
}

/** A running sipp; `done` resolves when it exits. */
export interface SippProcess {
  done: Promise<SippRun>;
  kill(): void;
}

export function startSipp(options: SippOptions): SippProcess {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), content);
  const args = [
    '-sf',
    join(SCENARIOS, options.scenario),
    '-m',
    String(options.calls ?? 1),
    '-l',
    '1',
    '-p',
    String(options.port),
    '-i',
    options.address ?? '127.0.0.1',
  ];
  args.push(
    '-nostdin',
    '-timeout',
    `${options.timeoutSeconds ?? 30}s`,
    '-timeout_error',
    '-trace_err',
    '-trace_logs',
    '-t',
    options.transport ?? 'u1',
  );
  if (options.pauseMs !== undefined) args.push('-d', String(options.pauseMs));
  args.push(...(options.extra ?? []));
  if (options.service) args.push('-s', options.service);
  if (options.username) args.push('-au', options.username);
  if (options.password) args.push('-ap', options.password);
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, value);
  if (options.remotePort !== undefined) args.push(`127.0.0.1:${options.remotePort}`);
  const child = spawn(requireTool('sipp'), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<SippRun>((resolveRun) => {
    child.on('close', (code) => {
      let errors = '';
      let logs = '';
      for (const file of readdirSync(dir)) {
        if (file.endsWith('_errors.log')) errors += readFileSync(join(dir, file), 'utf8');
        if (file.endsWith('_logs.log')) logs += readFileSync(join(dir, file), 'utf8');
      }
      rmSync(dir, { recursive: true, force: true });
      resolveRun({ code, output: output.slice(-4000), errors: errors.slice(-4000), logs });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/**
 * Resolves once a UDP socket is bound to `port` on 127.0.0.1, read from /proc/net/udp (no probe
 * that could take the port from the peer that is about to bind it); for peers that wait for calls.
 */
export async function untilBound(port: number, timeoutMs = 10_000): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + timeoutMs;
  while (
    !readFileSync('/proc/net/udp', 'utf8')
      .split('\n')
      .some((line) => line.trim().split(/\s+/)[1] === local)
  ) {
    if (Date.now() > deadline) throw new Error(`nothing bound UDP 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function runSipp(options: SippOptions): Promise<SippRun> {
  return startSipp(options).done;
}

/**
 * Test peers take ports from 10000–19999: below Linux's ephemeral range (32768–60999), where any
 * outgoing connection of a parallel test (Chromium, PostgreSQL, fetch) may hold a port, and below
 * the switch's default RTP range (20000–20999).
 */
const firstPort = 10000;
const lastPort = 19998;
let nextPort = firstPort + Math.floor(Math.random() * 4000) * 2;
/** A fresh local port for a peer (even, so RTP pairs line up). */
export function freePort(): number {
  nextPort = nextPort + 2 > lastPort ? firstPort : nextPort + 2;
  return nextPort;
}
