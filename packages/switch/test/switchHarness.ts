import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiskFileStore, type FileStore, type Store } from '@vaxel/store';
import type { PromptAudio } from '@vaxel/domain';
import { expect } from 'vitest';
import { Switch, type SwitchOptions } from '../src/index.ts';
import { seed, type Seed, type SeededUser } from './fixtures.ts';
import { freePort, runSipp, startSipp, untilBound, type SippProcess } from './sipp.ts';

const consoleLogger = {
  debug: (m: string, d?: object) => console.log('debug', m, d ?? ''),
  info: (m: string, d?: object) => console.log('info', m, d ?? ''),
  warn: (m: string, d?: object) => console.log('warn', m, d ?? ''),
  error: (m: string, d?: object) => console.log('error', m, d ?? ''),
};

export interface World {
  seed: Seed;
  sw: Switch;
  switchPort: number;
  trunkPort: number;
  /** The switch's RTP ports (a stranger spraying them is a test too). */
  rtpPortRange: { min: number; max: number };
  /** The default file store's folder, removed by stopWorld. */
  filesFolder: string;
}

export interface WorldOptions {
  trunkUsername?: string;
  trunkPassword?: string;
  rtpTimeoutSeconds?: number;
  digestAlgorithms?: Array<'MD5' | 'SHA-256'>;
  /** Prompt audio for the steps that speak (IVR menus, messages); made from the seeded store. */
  prompts?: (store: Store) => PromptAudio;
  /** Where the switch writes recordings and voicemail (default: a new folder, removed by stopWorld). */
  files?: FileStore;
  /** Passed to the switch as they are (voicemailNotifier, logger …). */
  switch?: Pick<
    SwitchOptions,
    | 'voicemailNotifier'
    | 'logger'
    | 'distributionRandom'
    | 'securityLog'
    | 'authGuard'
    | 'outboundBlockNotifier'
    | 'clock'
    | 'flood'
    | 'overload'
    | 'observer'
    | 'mediaWorkers'
  >;
  /** How many RTP ports the switch may use (default 20); many calls at once need more. */
  rtpPorts?: number;
}

/**
 * Issue 11: VAXEL_MEDIA_WORKERS (as `vaxel start` reads it) sets how many media workers the
 * suites' switch runs — 0 for the calls' audio in the switch's thread; unset, the switch's
 * default (one per core).
 */
export function testMediaWorkers(): { mediaWorkers?: number } {
  const workers = process.env.VAXEL_MEDIA_WORKERS;
  return workers ? { mediaWorkers: Number(workers) } : {};
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const trunkPort = freePort();
  const world = await seed({
    trunkPort,
    inboundAddress: '127.0.0.2',
    ...(options.trunkUsername ? { trunkUsername: options.trunkUsername } : {}),
    ...(options.trunkPassword ? { trunkPassword: options.trunkPassword } : {}),
  });
  const switchPort = freePort();
  // Outside the ephemeral range and the ports freePort() hands out (see sipp.ts).
  const filesFolder = mkdtempSync(join(tmpdir(), 'vaxel-switch-files-'));
  const rtpPorts = options.rtpPorts ?? 20;
  const rtpBase = 24000 + Math.floor(Math.random() * Math.floor(2000 / rtpPorts)) * rtpPorts;
  const rtpPortRange = { min: rtpBase, max: rtpBase + rtpPorts - 1 };
  const sw = new Switch({
    store: world.store,
    sipPort: switchPort,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange,
    // Loopback delays nothing, so Timer D (32 s for UDP) need not wait out retransmissions.
    sipTimers: { T1: 50, T2: 400, T4: 200, timerD: 3200 },
    // sipp 3.6 answers only the first challenge and only with MD5.
    digestAlgorithms: options.digestAlgorithms ?? ['MD5', 'SHA-256'],
    rtpTimeoutSeconds: options.rtpTimeoutSeconds ?? 0,
    ...(options.prompts ? { prompts: options.prompts(world.store) } : {}),
    // A real file store for what calls write (voicemail, recordings); tests may pass their own.
    files: options.files ?? createDiskFileStore(filesFolder),
    ...(process.env.SWITCH_DEBUG ? { logger: consoleLogger } : {}),
    ...testMediaWorkers(),
    ...options.switch,
  });
  await sw.start();
  // The tests change settings straight in the store; in production the API does, and tells the
  // switch (LiveState.settingsChanged, wired in apps/vaxel). The switch reads the raw store.
  const changed = () => sw.settingsChanged(world.organisationId);
  const seedWorld = {
    ...world,
    store: tellingSwitch(world.store, changed),
    setDefaults: (change: Parameters<typeof world.setDefaults>[0]) => world.setDefaults(change).finally(changed),
  };
  return { seed: seedWorld, sw, switchPort, trunkPort, rtpPortRange, filesFolder };
}

/** The store as the API uses it: every repository call that resolves tells the switch settings may have changed. */
function tellingSwitch(store: Store, changed: () => void): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value === 'function') return value.bind(target);
      if (typeof value !== 'object' || value === null) return value;
      return new Proxy(value, {
        get(repository, name) {
          const member: unknown = Reflect.get(repository, name);
          if (typeof member !== 'function') return member;
          return (...args: unknown[]) => {
            const result: unknown = member.apply(repository, args);
            return result instanceof Promise ? result.finally(changed) : result;
          };
        },
      });
    },
  });
}

export async function stopWorld(world: World): Promise<void> {
  await world.sw.stop();
  await world.sw.stop();
  await world.seed.store.close();
  rmSync(world.filesFolder, { recursive: true, force: true });
}

/**
 * Waits until the switch has no call, transaction, dialog or RTP port left. Transactions end by
 * their timers: Timer D keeps an INVITE client transaction that got a failure (487 after CANCEL,
 * 486, a 401 challenge) for at least 32 s over UDP (RFC 3261 §17.1.1.2), whatever T1 is.
 */
export async function expectNothingLeft(world: World): Promise<void> {
  for (let i = 0; i < 800; i++) {
    const s = world.sw.stats();
    if (s.calls === 0 && s.transactions === 0 && s.dialogs === 0 && s.rtpPorts === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(world.sw.stats()).toMatchObject({ calls: 0, transactions: 0, dialogs: 0, rtpPorts: 0 });
}

/** Registers a user's phone with sipp on `port`, the way a real phone does. */
export async function registerPhone(world: World, user: SeededUser, port: number): Promise<void> {
  const run = await runSipp({
    scenario: 'register.xml',
    port,
    remotePort: world.switchPort,
    service: user.username,
    username: user.username,
    password: user.password,
    keys: { expires: '600' },
  });
  expect(run.code, run.output + run.errors).toBe(0);
}

/** A registered phone (sipp UAS) running `scenario`, started and waiting for its call. */
export async function phone(
  world: World,
  user: SeededUser,
  scenario: string,
  options: { keys?: Record<string, string>; ringMs?: number; extra?: string[] } = {},
): Promise<SippProcess> {
  const port = freePort();
  // One phone per user per test: devices of earlier tests are gone.
  const registrations = world.seed.store.registrations;
  for (const r of await registrations.listByUser(world.seed.organisationId, user.record.id, new Date().toISOString())) {
    await registrations.remove(world.seed.organisationId, user.record.id, r.contact);
  }
  await registerPhone(world, user, port);
  const process = startSipp({
    scenario,
    port,
    service: user.username,
    keys: { rtpport: String(freePort()), ...options.keys },
    pauseMs: options.ringMs ?? 200,
    extra: options.extra ?? [],
  });
  // sipp waits for its call once its socket is bound (/proc/net/udp), not after a guessed delay.
  await untilBound(port);
  return process;
}

/** A user's phone placing a call to `dialled` with `scenario`. */
export function call(
  world: World,
  user: SeededUser,
  dialled: string,
  scenario = 'uac-call.xml',
  options: {
    keys?: Record<string, string>;
    talkMs?: number;
    extra?: string[];
    files?: Record<string, Buffer>;
    timeoutSeconds?: number;
  } = {},
) {
  return runSipp({
    scenario,
    port: freePort(),
    remotePort: world.switchPort,
    service: dialled,
    username: user.username,
    password: user.password,
    keys: { caller: user.username, rtpport: String(freePort()), ...options.keys },
    pauseMs: options.talkMs ?? 300,
    extra: options.extra ?? [],
    files: options.files ?? {},
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
  });
}

/** The newest call-log record, once the switch has written its end (BYEs may still be in flight). */
export async function lastCall(world: World) {
  for (let i = 0; ; i++) {
    const record = (await world.seed.store.calls.search(world.seed.organisationId, { limit: 1 })).calls[0]!;
    if (record.endedAt !== null || i >= 100) return record;
    await new Promise((r) => setTimeout(r, 50));
  }
}
