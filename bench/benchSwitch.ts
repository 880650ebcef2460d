/**
 * What the switch benches share (bench/switchCalls.ts, bench/soak.ts, bench/sipFlood.ts): the
 * Switch's options for a bench on loopback, the sipp arguments of the three roles (a phone that
 * registers, Bob's phone answering, Alice calling with digest authentication), and writing a
 * section of bench/README.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchOptions } from '../packages/switch/src/index.ts';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const scenarios = join(root, 'test/sipp');

/** "2 shared cores (AMD EPYC …), Node v20…" for a section's first lines. */
export const machineDescription = () =>
  `${cpus().length} shared cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`;

/**
 * The Switch on loopback as the benches run it: MD5 first (sipp 3.6 answers only MD5), and the
 * edge's guards exempting the load generator's address (127.0.0.1 sends at a rate no phone has;
 * the benches measure calls, not the guards).
 */
export function benchSwitchOptions(
  options: Pick<SwitchOptions, 'store' | 'sipPort' | 'rtpPortRange'> & Partial<SwitchOptions>,
): SwitchOptions {
  return {
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    digestAlgorithms: ['MD5', 'SHA-256'],
    authGuard: { exempt: ['127.0.0.1'] },
    flood: { exempt: ['127.0.0.1'] },
    ...options,
  };
}

/**
 * Options the bench passes through without knowing them: `mediaWorkers` from VAXEL_MEDIA_WORKERS
 * and whatever SWITCH_OPTIONS holds as JSON (overload control, say). A switch that does not know
 * an option ignores it; the bench reports what it asked for.
 */
export function passThroughOptions(env: NodeJS.ProcessEnv): Partial<SwitchOptions> {
  const extra: Record<string, unknown> = env.SWITCH_OPTIONS
    ? (JSON.parse(env.SWITCH_OPTIONS) as Record<string, unknown>)
    : {};
  if (env.VAXEL_MEDIA_WORKERS) extra.mediaWorkers = Number(env.VAXEL_MEDIA_WORKERS);
  return extra as Partial<SwitchOptions>;
}

/** sipp registering `user` once from `port` (register.xml). */
export const registerArgs = (user: string, password: string, port: number, target: string) => [
  '-sf',
  join(scenarios, 'register.xml'),
  '-m',
  '1',
  '-s',
  user,
  '-au',
  user,
  '-ap',
  password,
  '-key',
  'expires',
  '3600',
  '-p',
  String(port),
  target,
];

/** sipp as Bob's phone on `port`: answers `calls` calls at once (uas-answer.xml); with `media`, echoes RTP on that port. */
export const calleeArgs = (calls: number, port: number, rtpPort: number, media = false) => [
  '-sf',
  join(scenarios, 'uas-answer.xml'),
  '-m',
  String(calls),
  '-d',
  '0',
  '-key',
  'rtpport',
  String(rtpPort),
  ...(media ? ['-mp', String(rtpPort), '-rtp_echo'] : []),
  '-s',
  'bob',
  '-p',
  String(port),
];

/**
 * sipp as Alice calling Bob (1002) with digest authentication: `calls` calls at `rate` per second,
 * each held `holdMs` (uac-call.xml without media, uac-call-audio.xml with `mediaPort`).
 */
export function callerArgs(options: {
  calls: number;
  rate: number;
  limit: number;
  holdMs: number;
  password: string;
  port: number;
  target: string;
  timeoutSeconds: number;
  rtpPort?: number;
  mediaPort?: number;
}): string[] {
  const media = options.mediaPort !== undefined;
  return [
    '-sf',
    join(scenarios, media ? 'uac-call-audio.xml' : 'uac-call.xml'),
    '-m',
    String(options.calls),
    '-r',
    String(options.rate),
    '-l',
    String(options.limit),
    '-d',
    String(options.holdMs),
    ...(media ? ['-mp', String(options.mediaPort)] : ['-key', 'rtpport', String(options.rtpPort ?? 40002)]),
    '-s',
    '1002',
    '-au',
    'alice',
    '-ap',
    options.password,
    '-key',
    'caller',
    'alice',
    '-p',
    String(options.port),
    options.target,
    '-timeout',
    `${options.timeoutSeconds}s`,
  ];
}

/** Replaces bench/README.md's section between `<!-- name:begin -->` and `<!-- name:end -->` (appends it if absent). */
export function writeReadmeSection(name: string, section: string): void {
  const readmePath = join(root, 'bench/README.md');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const body = `${begin}\n${section}\n${end}`;
  const current = readFileSync(readmePath, 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  writeFileSync(
    readmePath,
    from >= 0 && to > from
      ? current.slice(0, from) + body + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${body}\n`,
  );
}
