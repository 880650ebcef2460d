import { randomBytes } from 'node:crypto';
import { DigestServer } from '@vaxel/sip';
import type { Registration } from '@vaxel/store';
import type { QueueLiveState, SipBans } from '@vaxel/domain';
import { LocalPresence } from './call/presence.ts';
import { AgentStates } from './queue/agentStates.ts';
import { Callbacks } from './queue/callback/callbacks.ts';
import { offerToAgents } from './queue/offerToAgents.ts';
import { Queues } from './queue/queues.ts';
import { openCallMedia } from './media/openCallMedia.ts';
import { SwitchMediaPlane } from './media/switchMediaPlane.ts';
import { SwitchDirectory } from './directory/switchDirectory.ts';
import { StoreAgentLogins } from './flow/agentLogin/agentLogins.ts';
import type { FlowServices } from './flow/step.ts';
import { VoicemailDirectory } from './flow/voicemail/voicemailDirectory.ts';
import { clockFrom, sleep, type Clock, type TimerHandle } from './kernel/clock.ts';
import { silentLogger, type SwitchLogger } from './kernel/logger.ts';
import { LoadSampler } from './kernel/loadSampler.ts';
import { ThreadLoadWindow } from './kernel/threadLoad.ts';
import { SipEdge } from './security/sipEdge.ts';
import { silentSecurityLog } from './security/securityEvent.ts';
import { TollGuard } from './security/tollGuard.ts';
import { lookupHa1, parseSource, Registrar, SIP_REALM, SipAuthenticator } from './registrar/registrar.ts';
import type { ServerInvite } from './signalling/signallingPort.ts';
import { UserAgentSignalling } from './signalling/userAgentSignalling.ts';
import { startCall, type CallSetup } from './startCall.ts';
import { recordOnRestart } from './call/callRecordRules.ts';
import { LiveDialogs } from './recovery/liveDialogs.ts';
import { SwitchHeartbeat } from './recovery/switchHeartbeat.ts';

export type {
  SwitchEdgeStats,
  SwitchMediaStats,
  SwitchOptions,
  SwitchStats,
  SwitchStore,
  SwitchThreadLoad,
} from './switchOptions.ts';
import { noFiles, noPrompts } from './unwiredPorts.ts';
import type {
  SwitchEdgeStats,
  SwitchMediaStats,
  SwitchOptions,
  SwitchStats,
  SwitchThreadLoad,
} from './switchOptions.ts';

/** Grace for BYEs to be answered when the switch stops. */
const STOP_GRACE_MS = 2000;
/** How often expired registrations are removed from the store. */
const SWEEP_INTERVAL_MS = 60_000;
/**
 * How often the trunks' addresses are re-read for the SIP edge. The operator's trunk changes are
 * not signalled to the switch (settingsChanged is per organisation), and a carrier's INVITE
 * without credentials from an address not yet known as a trunk's is answered 407 statelessly: so
 * a new trunk is known within this, not the sweep's minute. One small read every 2 s.
 */
const TRUNK_REFRESH_MS = 2000;

interface ActiveCall {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The telephony engine: registrar, B2BUA, routing, anchored media and the call log.
 *
 * Lifecycle: new → started → stopped. `stop()` ends active calls with BYE (or 503 while they ring),
 * closes sockets and ports; it is safe to call twice.
 */
export class Switch {
  readonly #options: SwitchOptions;
  readonly #logger: SwitchLogger;
  readonly #clock: Clock;
  readonly #now: () => number;
  readonly #directory: SwitchDirectory;
  readonly #voicemailDirectory: VoicemailDirectory;
  readonly #agentLogins: StoreAgentLogins;
  /** The SIP edge's guards (authentication bans, floods, overload) and its known sources. */
  readonly #edge: SipEdge;
  readonly #loadSampler: LoadSampler;
  readonly #authenticator: SipAuthenticator;
  readonly #registrar: Registrar;
  readonly #presence: LocalPresence;
  readonly #queues: Queues;
  readonly #callbacks: Callbacks;
  readonly #calls = new Set<ActiveCall>();
  readonly #tollGuard: TollGuard;
  readonly #signalling: UserAgentSignalling;
  readonly #heartbeat: SwitchHeartbeat;
  readonly #liveDialogs: LiveDialogs;
  /** BYEs to the phones the last run left in calls (issue 10), awaited by stop(). */
  #endingLeftOvers: Promise<void> = Promise.resolve();
  /** Issue 11: where the calls' audio runs (media workers, or this thread's pool); made at start. */
  #media: SwitchMediaPlane | null = null;
  /** What every call is set up with, built once at start (issue 11: not a new object graph per call). */
  #setup: CallSetup | null = null;
  /** This thread's load over the last second (the metrics'; the overload guard reads each sample). */
  readonly #load = new ThreadLoadWindow();
  #sweeper: TimerHandle | undefined;
  #trunkRefresher: TimerHandle | undefined;
  #state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  #stopped: Promise<void> | null = null;

  constructor(options: SwitchOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = clockFrom(options.clock);
    this.#now = () => this.#clock.now();
    this.#directory = new SwitchDirectory(options.store, {
      clock: this.#clock,
      ttlMs: options.settingsTtlMs ?? 30_000,
    });
    this.#voicemailDirectory = new VoicemailDirectory(options.store);
    this.#presence = new LocalPresence(this.#clock);
    this.#queues = new Queues({
      directory: this.#directory,
      agents: new AgentStates(this.#presence, this.#clock),
      calls: options.store.calls,
      clock: this.#clock,
      logger: this.#logger,
      ...(options.distributionRandom ? { random: options.distributionRandom } : {}),
    });
    const queues = this.#queues;
    this.#callbacks = new Callbacks({
      calls: options.store.calls,
      openMedia: () =>
        openCallMedia({
          plane: this.#media!.plane,
          advertisedAddress: options.advertisedAddress,
          inactivityTimeoutMs: (options.rtpTimeoutSeconds ?? 60) * 1000,
          files: options.files ?? noFiles,
        }),
      queues: {
        join: (organisationId, group, entry, queuedAt) => queues.join(organisationId, group, entry, queuedAt),
        changed: (organisationId, groupId) => queues.live.changed(organisationId, groupId),
      },
      offerToAgents,
      ...(options.observer ? { observer: options.observer } : {}),
    });
    this.#agentLogins = new StoreAgentLogins({
      store: options.store,
      clock: this.#clock,
      logger: this.#logger,
      settingsChanged: (organisationId) => this.settingsChanged(organisationId),
    });
    this.#tollGuard = new TollGuard({
      blocks: options.store.outboundBlocks,
      securityLog: options.securityLog ?? silentSecurityLog,
      notifier: options.outboundBlockNotifier ?? null,
      now: this.#now,
      logger: this.#logger,
    });
    const digest = new DigestServer({
      secret: options.nonceSecret ?? randomBytes(32),
      now: this.#now,
      ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
      lookupHa1: (username, realm, algorithm) => lookupHa1(this.#directory.sipUsers, username, realm, algorithm),
    });
    this.#edge = new SipEdge({
      now: this.#now,
      securityLog: options.securityLog ?? silentSecurityLog,
      logger: this.#logger,
      challenges: {
        proxyChallenge: (client: string) => digest.challenge({ realm: SIP_REALM, proxy: true, client }).headers,
      },
      callsInProgress: () => this.#calls.size + this.#callbacks.calls,
      ...(options.authGuard ? { authGuard: options.authGuard } : {}),
      ...(options.flood ? { flood: options.flood } : {}),
      ...(options.overload ? { overload: options.overload } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
    });
    const edge = this.#edge;
    this.#authenticator = new SipAuthenticator(digest, this.#directory.sipUsers, edge.authGuard);
    this.#registrar = new Registrar({
      authenticator: this.#authenticator,
      registrations: options.store.registrations,
      now: this.#now,
      ...(options.registrationLimits ? { limits: options.registrationLimits } : {}),
      onBound: (address, expiresAtMs) => edge.sources.registered(address, expiresAtMs),
    });
    const instanceId = options.instanceId ?? 'default';
    this.#heartbeat = new SwitchHeartbeat({
      state: options.store.switchState,
      instanceId,
      clock: this.#clock,
      logger: this.#logger,
      ...(options.heartbeatIntervalMs ? { intervalMs: options.heartbeatIntervalMs } : {}),
    });
    this.#liveDialogs = new LiveDialogs({
      state: options.store.switchState,
      instanceId,
      clock: this.#clock,
      logger: this.#logger,
    });
    this.#signalling = new UserAgentSignalling({
      bindAddress: options.bindAddress,
      port: options.sipPort,
      advertisedAddress: options.advertisedAddress,
      transports: options.transports ?? ['udp', 'tcp'],
      logger: this.#logger,
      ...(options.sipTimers ? { timers: options.sipTimers } : {}),
      ...(options.observer?.sip ? { observer: options.observer.sip } : {}),
      admit: edge.admit,
      maxServerTransactions: edge.maxServerTransactions,
      screen: edge.screen,
    });
    this.#loadSampler = new LoadSampler({
      transactions: () => this.#signalling.stats().transactions,
      sipQueueDelayMs: () => this.#signalling.receiveDelayMs(),
      onSample: (load) => {
        edge.sampleLoad(load);
        this.#load.add(load);
      },
    });
  }

  /** Issue 10: the authentication guard's bans and counters for the operator, and lifting a ban (the domain's port). */
  get sipBans(): SipBans {
    return this.#edge.bans;
  }

  /** The SIP port actually bound (useful with `sipPort: 0`). */
  get sipPort(): number {
    return this.#signalling.port;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`Switch cannot start when ${this.#state}`);
    this.#state = 'started';
    this.#media = await SwitchMediaPlane.start({
      ...(this.#options.mediaWorkers === undefined ? {} : { workers: this.#options.mediaWorkers }),
      bindAddress: this.#options.bindAddress,
      rtpPortRange: this.#options.rtpPortRange,
      files: this.#options.files ?? noFiles,
      logger: this.#logger,
    });
    // Issue 10: what a crash left behind is read before this run writes anything of its own.
    const leftDialogs = await this.#liveDialogs.leftOver();
    await this.#closeUnfinishedCalls();
    await this.#heartbeat.start();
    await this.#readTrunkAddresses();
    await this.#readRegisteredAddresses();
    // Callbacks place calls with the same services a call gets (they include the callbacks).
    this.#setup = this.#callSetup();
    this.#callbacks.use(this.#setup.services);
    try {
      await this.#signalling.start({
        register: (request, source) => this.#registrar.handle(request, source),
        invite: (invite) => this.#onInvite(invite),
      });
    } catch (error) {
      // A port taken: no beat may keep the process alive (or claim this switch runs).
      await this.#heartbeat.stop();
      await this.#media.close();
      throw error;
    }
    this.#sweep();
    this.#refreshTrunkAddresses();
    this.#loadSampler.start();
    if (leftDialogs.length > 0) this.#endingLeftOvers = this.#liveDialogs.end(leftDialogs, this.#signalling);
    this.#logger.info('switch started', { sipPort: this.sipPort, advertisedAddress: this.#options.advertisedAddress });
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  stats(): SwitchStats {
    const signalling = this.#signalling.stats();
    return {
      // Callback attempts are calls the switch placed itself (R14).
      calls: this.#calls.size + this.#callbacks.calls,
      transactions: signalling.transactions,
      dialogs: signalling.dialogs,
      rtpPorts: this.#media?.rtpPorts ?? 0,
      sockets: signalling.sockets,
    };
  }

  /** The calls' RTP on each media thread so far (packets, loss, jitter), and strangers' RTP turned away. */
  mediaStats(): SwitchMediaStats {
    return this.#media?.stats() ?? { strangerPacketsDropped: 0, threads: [] };
  }

  /** Event-loop delay and utilisation over the last second: this thread (`main`) and each media worker's. */
  threadLoads(): SwitchThreadLoad[] {
    return [{ thread: 'main', ...this.#load.reading() }, ...(this.#media?.workerLoads() ?? [])];
  }

  /** Issue 10: the SIP edge's counters (stateless answers, the flood guard's drops and bans). */
  edgeStats(): SwitchEdgeStats {
    const signalling = this.#signalling.stats();
    return {
      serverTransactions: signalling.serverTransactions,
      statelessResponses: signalling.statelessResponses,
      ...this.#edge.stats(),
    };
  }

  /**
   * An organisation's settings changed (the API tells, R81): the next call reads them afresh.
   * Changes by another process reach this one after the settings TTL at the latest.
   */
  settingsChanged(organisationId: string): void {
    this.#directory.invalidate(organisationId);
    void this.#readTrunkAddresses();
    // An agent logged in or out, a strategy changed: the waiting callers are offered afresh.
    this.#queues.settingsChanged(organisationId);
  }

  /**
   * Issue 10: an admin lifted the organisation's international block (the API removed it from the
   * store and tells): the switch forgets it and the spike that caused it, with a `toll_unblock` event.
   */
  outboundBlockLifted(organisationId: string, by: string): void {
    this.#tollGuard.lifted(organisationId, by);
  }

  /** R19: the response groups' live queues and agent states, for the API's live view (the domain's port). */
  get queueLive(): QueueLiveState {
    return this.#queues.live;
  }

  /** Issue 11: callers waiting in the response groups' queues now (queue/queues.ts), for the operator's metrics. */
  callersWaiting(): number {
    return this.#queues.callersWaiting();
  }

  /** The devices registered now, for the API's "online devices". */
  async onlineDevices(organisationId: string, userId?: string): Promise<Registration[]> {
    const now = new Date(this.#now()).toISOString();
    return userId === undefined
      ? this.#options.store.registrations.listByOrganisation(organisationId, now)
      : this.#options.store.registrations.listByUser(organisationId, userId, now);
  }

  async #stop(): Promise<void> {
    if (this.#state === 'new') {
      this.#state = 'stopped';
      return;
    }
    this.#state = 'stopping';
    if (this.#sweeper) this.#clock.clearTimeout(this.#sweeper);
    if (this.#trunkRefresher) this.#clock.clearTimeout(this.#trunkRefresher);
    this.#loadSampler.stop();
    this.#queues.close();
    const calls = [...this.#calls];
    for (const call of calls) call.abort.abort('shutdown');
    // BYEs go out while the transports are still open; give the calls a moment to finish.
    const grace = new AbortController();
    await Promise.race([
      Promise.allSettled([...calls.map((c) => c.done), this.#callbacks.stop()]),
      sleep(this.#clock, STOP_GRACE_MS, grace.signal),
    ]);
    grace.abort();
    await this.#endingLeftOvers;
    await this.#liveDialogs.settled();
    await this.#heartbeat.stop();
    await this.#signalling.stop();
    await this.#media?.close();
    this.#state = 'stopped';
    this.#logger.info('switch stopped');
  }

  /**
   * R78, issue 10: calls left open by a crash are closed at the last moment this switch was known
   * to be alive (its last heartbeat, or the record's own last moment when later), with honest
   * wait and talk times and the end reason `switch_restart` (callRecordRules.ts).
   */
  async #closeUnfinishedCalls(): Promise<void> {
    try {
      const aliveAt = await this.#options.store.switchState.lastHeartbeat(this.#options.instanceId ?? 'default');
      const lastAlive = aliveAt === null ? null : new Date(aliveAt);
      const open = await this.#options.store.calls.listUnfinished();
      for (const call of open) {
        await this.#options.store.calls.update(call.organisationId, recordOnRestart(call, lastAlive));
      }
      if (open.length > 0)
        this.#logger.warn('closed calls left open by the last run', { calls: open.length, lastAlive: aliveAt });
    } catch (error) {
      this.#logger.error('could not close unfinished calls', { error: String(error) });
    }
  }

  /** The trunks' inbound addresses, for the SIP edge's known sources (at start and on every settings change). */
  async #readTrunkAddresses(): Promise<void> {
    try {
      const trunks = await this.#directory.trunks();
      this.#edge.sources.setTrunkAddresses(trunks.flatMap((t) => t.inboundAddresses));
    } catch (error) {
      this.#logger.warn("could not read the trunks' addresses", { error: String(error) });
    }
  }

  /**
   * Bindings restored from the store count as known at start (issue 10): after a restart, the
   * phones registered before it keep their higher limits until their bindings expire.
   */
  async #readRegisteredAddresses(): Promise<void> {
    try {
      const now = new Date(this.#now()).toISOString();
      for (const organisation of await this.#options.store.organisations.list()) {
        for (const registration of await this.#options.store.registrations.listByOrganisation(organisation.id, now)) {
          const source = parseSource(registration.source);
          if (source) this.#edge.sources.registered(source.address, Date.parse(registration.expiresAt));
        }
      }
    } catch (error) {
      this.#logger.warn('could not read the registered addresses', { error: String(error) });
    }
  }

  #refreshTrunkAddresses(): void {
    this.#trunkRefresher = this.#clock.setTimeout(() => {
      if (this.#state !== 'started') return;
      void this.#readTrunkAddresses().finally(() => this.#state === 'started' && this.#refreshTrunkAddresses());
    }, TRUNK_REFRESH_MS);
  }

  /** Expired bindings are ignored when read; this only keeps the table small. */
  #sweep(): void {
    this.#sweeper = this.#clock.setTimeout(() => {
      if (this.#state !== 'started') return;
      this.#edge.sweep(this.#now());
      void this.#readTrunkAddresses();
      void this.#options.store.registrations
        .removeExpired(new Date(this.#now()).toISOString())
        .catch((error: unknown) =>
          this.#logger.warn('could not remove expired registrations', { error: String(error) }),
        )
        .finally(() => this.#state === 'started' && this.#sweep());
    }, SWEEP_INTERVAL_MS);
  }

  #onInvite(invite: ServerInvite): void {
    if (this.#state !== 'started') {
      invite.reject(503, 'Service Unavailable', 'the switch is shutting down');
      return;
    }
    const abort = new AbortController();
    const call: ActiveCall = { abort, done: Promise.resolve() };
    this.#calls.add(call);
    this.#setup ??= this.#callSetup();
    call.done = startCall(invite, abort, this.#setup)
      .catch((error: unknown) => this.#logger.error('call crashed', { error: String(error) }))
      .finally(() => this.#calls.delete(call));
  }

  #callSetup(): CallSetup {
    const services: FlowServices = {
      directory: this.#directory,
      prompts: this.#options.prompts ?? noPrompts,
      files: this.#options.files ?? noFiles,
      clock: this.#clock,
      logger: this.#logger,
      signalling: this.#signalling,
      presence: this.#presence,
      queues: this.#queues,
      advertisedAddress: this.#options.advertisedAddress,
      recordings: this.#options.store.recordings,
      voicemail: {
        directory: this.#voicemailDirectory,
        messages: this.#options.store.voicemail,
        notifier: this.#options.voicemailNotifier ?? null,
      },
      agentLogins: this.#agentLogins,
      callbacks: this.#callbacks,
      securityLog: this.#options.securityLog ?? silentSecurityLog,
      tollGuard: this.#tollGuard,
      liveDialogs: this.#liveDialogs,
    };
    return {
      store: this.#options.store,
      directory: this.#directory,
      authenticator: this.#authenticator,
      services,
      mediaPlane: this.#media!.plane,
      defaultCountryCode: this.#options.defaultCountryCode ?? '46',
      inactivityTimeoutMs: (this.#options.rtpTimeoutSeconds ?? 60) * 1000,
      ...(this.#options.observer ? { observer: this.#options.observer } : {}),
    };
  }
}
