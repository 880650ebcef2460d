/**
 * Summarises a V8 CPU profile (`node --cpu-prof` writes one `.cpuprofile` JSON per process at
 * exit): self time by function and by file or package, the largest first. Self time is the
 * samples whose top frame is that function; a sample's weight is its time delta.
 * Format: https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile
 *
 * With a window (`fromUs`, `toUs`, in the profile's own microsecond clock, which is the monotonic
 * clock `process.hrtime` reads) only the samples inside it count, so a bench can leave out start-up.
 *
 *   node_modules/.bin/tsx bench/cpuProfileSummary.ts PROFILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, ms. */
  totalMs: number;
  /** Of it, the idle loop (epoll wait), ms. */
  idleMs: number;
  byFunction: SelfTime[];
  byFile: SelfTime[];
  byPackage: SelfTime[];
}

/** V8's pseudo-frames: not code of ours or anybody's, named in parentheses. */
const IDLE = '(idle)';

/** Where a frame's code lives, short: `packages/sip/src/parser.ts`, `node:dgram`, `better-sqlite3`, `(native)`. */
export function fileOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return `node_modules/${path.slice(inModules + '/node_modules/'.length)}`;
  for (const root of ['/packages/', '/apps/', '/bench/']) {
    const at = path.lastIndexOf(root);
    if (at >= 0) return path.slice(at + 1);
  }
  return path;
}

/** The package a file belongs to: `@vaxel/sip` for packages/sip/…, `kysely` for node_modules/kysely/…, `node` for node:*. */
export function packageOf(file: string): string {
  if (file.startsWith('node:')) return 'node';
  if (file.startsWith('(')) return file;
  const parts = file.split('/');
  if (parts[0] === 'node_modules') return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
  if (parts[0] === 'packages') return `@vaxel/${parts[1]}`;
  if (parts[0] === 'apps') return `apps/${parts[1]}`;
  return parts[0] ?? file;
}

const ranked = (times: Map<string, number>, totalMs: number, top: number): SelfTime[] =>
  [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));

export function summariseProfile(
  profile: CpuProfile,
  options: { top?: number; fromUs?: number; toUs?: number } = {},
): ProfileSummary {
  const top = options.top ?? 25;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let totalMs = 0;
  let idleMs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (options.fromUs !== undefined && at < options.fromUs) continue;
    if (options.toUs !== undefined && at > options.toUs) break;
    const node = nodes.get(profile.samples[i]!);
    if (!node) continue;
    const ms = delta / 1000;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === IDLE) {
      idleMs += ms;
      continue;
    }
    const file = fileOf(url);
    const name = functionName === '' ? '(anonymous)' : functionName;
    // Code transformed on load (tsx) reports line 0 for every function: the file alone says more.
    const where = lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
    add(byFunction, url === '' ? name : `${name} ${where}`, ms);
    add(byFile, file, ms);
    add(byPackage, packageOf(file), ms);
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    idleMs,
    byFunction: ranked(byFunction, busyMs, top),
    byFile: ranked(byFile, busyMs, top),
    byPackage: ranked(byPackage, busyMs, top),
  };
}

/** A Markdown table of one ranking: self ms, share of the busy (not idle) time, and the name. */
export function selfTimeTable(title: string, rows: SelfTime[]): string {
  return [
    `| ${title} | self ms | share of busy |`,
    '|---|---:|---:|',
    ...rows.map(
      (r) => `| \`${r.name.replaceAll('|', '\\|')}\` | ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)} % |`,
    ),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: tsx bench/cpuProfileSummary.ts PROFILE.cpuprofile [--top 25]');
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { top: Number(values.top) });
  console.log(`sampled ${summary.totalMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms\n`);
  console.log(selfTimeTable('function', summary.byFunction), '\n');
  console.log(selfTimeTable('file', summary.byFile), '\n');
  console.log(selfTimeTable('package', summary.byPackage));
}
