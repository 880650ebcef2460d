import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildApi, createDiskFileStore, hashToken, logSecurityEvents } from '@vaxel/api';
import { describeToolAvailability, toolAvailability } from '@vaxel/media';
import { openStore, type FileStore, type Store } from '@vaxel/store';
import {
  formatSecurityEvent,
  Switch,
  type OutboundBlockNotifier,
  type SwitchObserver,
  type VoicemailNotifier,
} from '@vaxel/switch';
import { mediaAudioProcessing } from './audioProcessing.ts';
import { forwardQueueLive } from './forwardQueueLive.ts';
import { switchPromptAudio } from './promptAudio.ts';
import type { Component } from './component.ts';
import { fileStoreFolder, type Config } from './config.ts';
import { MetricsPort } from './metrics/metricsPort.ts';
import { vaxelMetrics } from './metrics/vaxelMetrics.ts';
import { RecordingRetention } from './recordingRetention.ts';
import { describeBootstrap, isFresh, seedDemo } from './seedDemo.ts';
import { smtpVoicemailNotifier } from './voicemailMailer.ts';
import { smtpOutboundBlockNotifier } from './outboundBlockMailer.ts';

export type Running = { stop(): Promise<void>; httpUrl: string };

/**
 * `vaxel start`: data folder, store (migrated), first-start demo, then the components —
 * the HTTP API and the switch beside it — started in order and stopped in reverse.
 */
export async function startVaxel(config: Config, out: (text: string) => void): Promise<Running> {
  await mkdir(config.dataDir, { recursive: true });
  out(`Växel starting — data folder ${config.dataDir}`);
  const tools = await toolAvailability();
  out(describeToolAvailability(tools).replace(/^/gm, '  '));
  if (!tools.espeakNg.available || !tools.ffmpeg.available || !tools.ffprobe.available) {
    out('  Install the missing tools with: apt-get install espeak-ng ffmpeg   (scripts/setup.sh does this)');
  }

  // Issue 11: one registry for GET /metrics; it reads the switch and the store, made below, at scrape time.
  let telephony: Switch | undefined;
  let registrations: Store['registrations'] | undefined;
  const metrics = vaxelMetrics({ switch: () => telephony, registrations: () => registrations });
  const store: Store = openStore({ url: config.databaseUrl, onQuery: metrics.onQuery });
  registrations = store.registrations;
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const httpUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.httpPort}`;

  // One file store for both: the API stores uploads the switch plays, the switch writes
  // recordings and voicemail the API serves.
  const files = createDiskFileStore(fileStoreFolder(config.dataDir));
  // The API tells the switch of every saved setting: the switch reads settings through a cache
  // that this empties (R81). The switch is made once the API's logger exists, below.
  const operatorTokenHash = config.operatorToken ? { operatorTokenHash: hashToken(config.operatorToken) } : {};
  const api = await buildApi({
    store,
    files,
    liveState: {
      settingsChanged: (organisationId) => telephony?.settingsChanged(organisationId),
      // Issue 10: an admin lifted the international block; the switch forgets it (toll_unblock).
      outboundBlockLifted: (organisationId, by) => telephony?.outboundBlockLifted(organisationId, by),
    },
    // R19: the wallboard reads the switch's queues and agent states through the domain port.
    queueLive: forwardQueueLive(() => telephony?.queueLive),
    // Issue 10: the operator sees and lifts the switch's SIP bans through the domain port.
    sipBans: {
      list: () => telephony?.sipBans.list() ?? { bans: [], addresses: [], pairs: [] },
      lift: (address) => telephony?.sipBans.lift(address) ?? false,
    },
    audio: mediaAudioProcessing(),
    ...operatorTokenHash,
    metrics: metrics.registry,
    logger: { level: config.logLevel },
    webRoot: config.webRoot,
    publicUrl: config.publicUrl,
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
  });

  if (await isFresh(store)) {
    let bootstrap;
    try {
      bootstrap = await seedDemo(store, {
        adminEmail: config.adminEmail,
        adminPassword: config.adminPassword,
        operatorToken: config.operatorToken,
        now: new Date(),
        securityEvents: logSecurityEvents(api.log),
        publicUrl: config.publicUrl,
        log: api.log,
      });
    } catch (error) {
      await api.close();
      await store.close();
      throw error;
    }
    out(describeBootstrap(bootstrap, { http: httpUrl, sip: `${config.host}:${config.sipPort}` }));
  } else {
    out('  Existing database: the demo credentials were printed on the first start.');
  }

  // Started in order, stopped in reverse: the switch is up before the API says healthy, and the
  // store closes only after the switch has ended its calls (BYE) and written their records.
  // R17: new voicemail is e-mailed with its audio, when there is a mail server to send through.
  const voicemailMail = config.smtpUrl ? smtpVoicemailNotifier(config.smtpUrl, config.publicUrl) : null;
  out(
    voicemailMail
      ? "  Voicemail is e-mailed to the boxes' people through VAXEL_SMTP_URL."
      : '  Voicemail is not e-mailed: VAXEL_SMTP_URL is not set.',
  );
  // Issue 10: the admins are e-mailed when a spike of international calls blocks them (the console shows it too).
  const blockMail = config.smtpUrl ? smtpOutboundBlockNotifier(store, config.smtpUrl, config.publicUrl) : null;
  const sw = createSwitch(
    store,
    files,
    config,
    api.log.child({ component: 'switch' }),
    voicemailMail,
    blockMail,
    metrics.observer,
  );
  telephony = sw;
  const components: Component[] = [
    {
      name: 'switch',
      start: () => sw.start(),
      stop: async () => {
        await sw.stop();
        voicemailMail?.close();
        blockMail?.close();
      },
    },
    retentionComponent(store, files, api.log.child({ component: 'retention' })),
    {
      name: 'http',
      start: async () => {
        await api.listen({ host: config.host, port: config.httpPort });
      },
      stop: () => api.close(),
    },
  ];
  const metricsPort =
    config.metricsPort === undefined
      ? null
      : new MetricsPort(
          { store, metrics: metrics.registry, ...operatorTokenHash, logger: { level: config.logLevel } },
          { host: config.metricsHost, port: config.metricsPort },
        );
  if (metricsPort) components.push(metricsPort);

  const started: Component[] = [];
  try {
    for (const component of components) {
      await component.start();
      started.push(component);
    }
  } catch (error) {
    for (const component of started.reverse()) await component.stop();
    await store.close();
    throw error;
  }
  const address = api.server.address();
  const actualUrl =
    typeof address === 'object' && address
      ? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`
      : httpUrl;
  out(`Växel is running: console ${actualUrl}/  API ${actualUrl}/api/v1  docs ${actualUrl}/docs`);
  out(
    `  SIP ${config.host}:${config.sipPort} (UDP and TCP), advertised as ${config.sipAddress}; ` +
      `RTP ports ${config.rtpPorts.min}-${config.rtpPorts.max}` +
      (config.mediaWorkers > 0 ? ` in ${config.mediaWorkers} media worker threads` : '') +
      `; digest ${config.sipDigest.join(', ')}`,
  );
  out(
    `  Metrics (Prometheus, operator token): ${actualUrl}/metrics` + (metricsPort ? ` and ${metricsPort.url()}` : ''),
  );

  let stopping: Promise<void> | null = null;
  return {
    httpUrl: actualUrl,
    stop: () => {
      stopping ??= (async () => {
        for (const component of [...started].reverse()) await component.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}

type PinoLike = { [level in 'debug' | 'info' | 'warn' | 'error']: (details: object, message: string) => void };

/** The switch (SIP on UDP and TCP, RTP media, call log) on the same store and files as the API. */
function createSwitch(
  store: Store,
  files: FileStore,
  config: Config,
  log: PinoLike,
  voicemailNotifier: VoicemailNotifier | null,
  outboundBlockNotifier: OutboundBlockNotifier | null,
  observer: SwitchObserver,
): Switch {
  const logger = {
    debug: (message: string, details?: Record<string, unknown>) => log.debug(details ?? {}, message),
    info: (message: string, details?: Record<string, unknown>) => log.info(details ?? {}, message),
    warn: (message: string, details?: Record<string, unknown>) => log.warn(details ?? {}, message),
    error: (message: string, details?: Record<string, unknown>) => log.error(details ?? {}, message),
  };
  return new Switch({
    store,
    files,
    prompts: switchPromptAudio(store, files, config.dataDir),
    sipPort: config.sipPort,
    bindAddress: config.host,
    advertisedAddress: config.sipAddress,
    rtpPortRange: config.rtpPorts,
    mediaWorkers: config.mediaWorkers,
    digestAlgorithms: config.sipDigest,
    overload: config.overload,
    voicemailNotifier,
    outboundBlockNotifier,
    logger,
    // Issue 10: one stable line per security event, at warn so fail2ban sees it at any log level (README).
    securityLog: { record: (event) => log.warn({ securityEvent: event }, formatSecurityEvent(event)) },
    // Issue 11: the counters of GET /metrics.
    observer,
  });
}

/** R56: recordings past their retention deleted, audio and row, at start and then every hour. */
function retentionComponent(store: Store, files: FileStore, log: PinoLike): Component {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  const clock = {
    now: () => Date.now(),
    setTimeout(callback: () => void, delayMs: number) {
      const id = nextId++;
      timers.set(id, setTimeout(() => (timers.delete(id), callback()), delayMs).unref());
      return { id };
    },
    clearTimeout(handle: { id: number }) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
  return new RecordingRetention({
    recordings: store.recordings,
    files,
    clock,
    logger: {
      info: (message, details) => log.info(details ?? {}, message),
      warn: (message, details) => log.warn(details ?? {}, message),
    },
  });
}
