/**
 * The switch in a child process for the benches (bench/switchProcess.ts over IPC): where it
 * listens, Alice's password, its stats, and stopping it. RTP ports 2000–9999 (outside the ranges
 * the tests and the other benches use).
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface SwitchChild {
  child: ChildProcess;
  pid: number;
  target: string;
  password: string;
  stats(): Promise<{ calls: number; transactions: number; rtpPorts: number }>;
  stop(): Promise<void>;
}

export async function startSwitch(sipPort: number): Promise<SwitchChild> {
  const child = fork(new URL('./switchProcess.ts', import.meta.url), {
    // BENCH_CPU_PROF=DIR: the switch writes a V8 CPU profile there when it stops (node --cpu-prof).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, SWITCH_SIP_PORT: String(sipPort), SWITCH_RTP_MIN: '2000', SWITCH_RTP_MAX: '9999' },
  });
  const ready = await new Promise<{ password: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { password: string }));
    child.once('exit', (code) => reject(new Error(`the switch process exited (${code}) before it was ready`)));
  });
  return {
    child,
    pid: child.pid!,
    target: `127.0.0.1:${sipPort}`,
    password: ready.password,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { stats: Awaited<ReturnType<SwitchChild['stats']>> }).stats));
        child.send({ type: 'stats' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}
