import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The real `vaxel` program for tests: one-shot commands and a running `vaxel start`. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

export type Outcome = { code: number | null; stdout: string; stderr: string };

/** Runs `vaxel ARGS…` to the end. DATABASE_URL is unset unless given, so --data decides. */
export function vaxel(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['apps/vaxel/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export type Running = { base: string; sipPort: number; output: () => string; stop(): Promise<number | null> };

/** `vaxel start` on loopback with the given ports, as a child process (for a start expected to fail, too). */
export function spawnVaxelStart(
  dataDir: string,
  ports: { http: number; sip: number },
  env: Record<string, string>,
): ChildProcess {
  return spawn(
    tsx,
    [
      'apps/vaxel/src/main.ts',
      'start',
      '--data',
      dataDir,
      '--http-port',
      String(ports.http),
      '--sip-port',
      String(ports.sip),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', VAXEL_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** `vaxel start` on a data folder (and a database, when given); resolves once /health answers. */
export async function startVaxel(dataDir: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const sipPort = await freePort();
  const child = spawnVaxelStart(dataDir, { http: port, sip: sipPort }, env);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}/api/v1`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`vaxel exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) {
        return {
          base,
          sipPort,
          output: () => output,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`vaxel did not become healthy:\n${output}`);
}
