/**
 * End-to-end harness: a real `vaxel start` on a temporary data folder and free ports, and a real
 * Chromium driven by playwright-core. Each test walks an article procedure as a new admin would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireTool } from '@vaxel/testing';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const admin = { email: 'admin@demo.example', password: 'correct-horse-battery' };
export const operatorToken = 'optoken-0123456789abcdef';
export const resultsDir = join(repoRoot, 'test-results/e2e');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The console must be built, and not older than its sources, for `vaxel start` to serve what is tested. */
export function ensureConsoleBuilt(): void {
  const built = join(repoRoot, 'apps/web/dist/index.html');
  const sources = ['apps/web/src', 'apps/web/index.html', 'packages/domain/src'].map((p) => join(repoRoot, p));
  const stale =
    !existsSync(built) ||
    sources.some((p) => (statSync(p).isDirectory() ? newestChange(p) : statSync(p).mtimeMs) > statSync(built).mtimeMs);
  // Vitest sets NODE_ENV=test, with which Vite builds React's development bundle: build what users get.
  if (stale)
    execFileSync('npm', ['run', 'build', '-w', '@vaxel/web'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
}

export type Vaxel = { baseUrl: string; dataDir: string; sipPort: number; log: () => string; stop: () => Promise<void> };

export async function startVaxel(): Promise<Vaxel> {
  ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'vaxel-e2e-'));
  const httpPort = await freePort();
  const sipPort = await freePort();
  let output = '';
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['apps/vaxel/src/main.ts', 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      VAXEL_DATA: dataDir,
      VAXEL_HTTP_PORT: String(httpPort),
      VAXEL_SIP_PORT: String(sipPort),
      VAXEL_ADMIN_EMAIL: admin.email,
      VAXEL_ADMIN_PASSWORD: admin.password,
      VAXEL_OPERATOR_TOKEN: operatorToken,
      VAXEL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vaxel start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vaxel start did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    dataDir,
    sipPort,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A short spoken WAV (espeak-ng) used as the fake microphone and as an upload. */
export function makeSpeechWav(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vaxel-e2e-audio-'));
  const file = join(dir, 'speech.wav');
  execFileSync(requireTool('espeak-ng'), ['-v', 'sv', '-w', file, text]);
  return file;
}

export async function launchBrowser(fakeMicrophoneWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: requireTool(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicrophoneWav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export async function newPage(browser: Browser, baseUrl: string, language: 'sv' | 'en' = 'en'): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1366, height: 900 },
    reducedMotion: 'reduce',
    locale: language === 'sv' ? 'sv-SE' : 'en-GB',
  });
  await context.grantPermissions(['microphone'], { origin: baseUrl });
  // The console remembers the language in localStorage; tests read the English texts.
  await context.addInitScript((lang) => window.localStorage.setItem('vaxel.language', lang), language);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

export async function login(page: Page, credentials = admin): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(credentials.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(credentials.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/o\/[^/]+\//);
}

/** Screenshot of the screen a test ends on, under test-results/e2e/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Confirmation toasts would cover the screen; the screenshot shows the screen itself. Hidden
  // through the CSSOM: the console's Content-Security-Policy refuses an injected <style>.
  const toasts = (show: boolean) =>
    page.evaluate((visible) => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.mantine-Notifications-root'))) {
        if (visible) el.style.removeProperty('display');
        else el.style.setProperty('display', 'none', 'important');
      }
    }, show);
  await toasts(false);
  await page.screenshot({ path, fullPage: true });
  await toasts(true);
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** Runs axe-core in the page; returns the serious and critical violations (the test asserts none). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP refuses an injected <script>.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

/** Operator/admin API calls the tests use to prepare the world (bearer token, no CSRF header needed). */
export async function apiAs(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** A response group made through the API, for tests whose procedure needs one to exist. */
export async function createGroupViaApi(
  baseUrl: string,
  token: string,
  orgId: string,
  name: string,
  numericId: string,
): Promise<any> {
  const numbers = (await apiAs(baseUrl, token, 'GET', `/orgs/${orgId}/numbers`)).json as {
    number: string;
    assignment: unknown;
  }[];
  const free = numbers.find((n) => !n.assignment);
  if (!free) throw new Error('no unassigned number left');
  const created = await apiAs(baseUrl, token, 'POST', `/orgs/${orgId}/response-groups`, {
    name,
    number: free.number,
    numericId,
  });
  if (created.status !== 201) throw new Error(`creating group failed: ${JSON.stringify(created.json)}`);
  return created.json;
}

export async function userByName(baseUrl: string, token: string, orgId: string, name: string): Promise<any> {
  const users = (await apiAs(baseUrl, token, 'GET', `/orgs/${orgId}/users`)).json as { name: string }[];
  const user = users.find((u) => u.name === name);
  if (!user) throw new Error(`no user ${name}`);
  return user;
}

export async function adminToken(baseUrl: string): Promise<{ token: string; orgId: string }> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const json = (await response.json()) as { token: string; me: { organisations: { organisationId: string }[] } };
  return { token: json.token, orgId: json.me.organisations[0]!.organisationId };
}

/** Mantine Select: open it by its label and click the option. */
export async function pick(
  page: Page,
  label: string | RegExp,
  option: string | RegExp,
  scope?: ReturnType<Page['locator']>,
): Promise<void> {
  const root = scope ?? page.locator('body');
  await root.getByRole('combobox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option }).first().click();
}
