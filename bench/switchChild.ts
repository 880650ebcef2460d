/**
 * The switch in a child process for the benches (bench/switchProcess.ts over IPC): where it
 * listens, Alice's password, its stats, a request by type, and stopping it. RTP ports 2000–9999
 * (outside the ranges the tests and the other benches use).
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface SwitchChild {
  child: ChildProcess;
  pid: number;
  target: string;
  password: string;
  stats(): Promise<{ calls: number; transactions: number; rtpPorts: number }>;
  /** Sends `{ type }` and resolves with the child's first message of that type. */
  request<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts the switch on `sipPort`. With `profileDir` (or BENCH_CPU_PROF=DIR) it writes a V8 CPU
 * profile there when it stops (node --cpu-prof).
 */
export async function startSwitch(sipPort: number, options: { profileDir?: string | null } = {}): Promise<SwitchChild> {
  const profileDir = options.profileDir ?? process.env.BENCH_CPU_PROF;
  const child = fork(new URL('./switchProcess.ts', import.meta.url), {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
    env: { ...process.env, SWITCH_SIP_PORT: String(sipPort), SWITCH_RTP_MIN: '2000', SWITCH_RTP_MAX: '9999' },
  });
  const ready = await new Promise<{ password: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { password: string }));
    child.once('exit', (code) => reject(new Error(`the switch process exited (${code}) before it was ready`)));
  });
  const request = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const answer = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', answer);
        resolve(m as T);
      };
      child.on('message', answer);
      child.send({ type });
    });
  return {
    child,
    pid: child.pid!,
    target: `127.0.0.1:${sipPort}`,
    password: ready.password,
    request,
    stats: async () => (await request<{ stats: Awaited<ReturnType<SwitchChild['stats']>> }>('stats')).stats,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}
