import { randomBytes } from 'node:crypto';
import { RtpPortPool } from '@vaxel/media';
import { DigestServer, type DigestAlgorithm, type TimerSettings } from '@vaxel/sip';
import type { Registration, Repositories } from '@vaxel/store';
import { admitCall } from './call/admitCall.ts';
import type { CallContext, CallServices, SwitchLogger } from './call/callContext.ts';
import { CallLogWriter } from './call/callLogWriter.ts';
import { runCallSession } from './call/callSession.ts';
import { CallStateMachine } from './call/callState.ts';
import { LocalPresence } from './call/presence.ts';
import { SwitchDirectory } from './directory/switchDirectory.ts';
import { AnchoredMedia, type MediaSide } from './media/anchoredMedia.ts';
import { UnusableSdp } from './media/sessionDescription.ts';
import { AuthGuard, type AuthGuardOptions } from './registrar/authGuard.ts';
import type { ExpiryLimits } from './registrar/bindingPlan.ts';
import { lookupHa1, Registrar, SipAuthenticator } from './registrar/registrar.ts';
import type { ServerInvite } from './signalling/signallingPort.ts';
import { UserAgentSignalling } from './signalling/userAgentSignalling.ts';

export type SwitchStore = Pick<
  Repositories,
  'users' | 'numbers' | 'callRouting' | 'registrations' | 'trunks' | 'displayNumbers' | 'responseGroups' | 'organisations' | 'outboundRules' | 'calls' | 'recordings'
>;

export interface SwitchOptions {
  store: SwitchStore;
  /** SIP port for UDP and TCP (0 picks a free one; see `sipPort` after start). */
  sipPort: number;
  bindAddress: string;
  /** The address phones and carriers reach the switch at, in SDP and Contact. */
  advertisedAddress: string;
  rtpPortRange: { min: number; max: number };
  logger?: SwitchLogger;
  /** Milliseconds since the epoch (tests pass a fixed or fake clock). */
  clock?: { now(): number };
  /** Signs digest nonces; random per process when omitted. */
  nonceSecret?: Buffer;
  registrationLimits?: Partial<ExpiryLimits>;
  authGuard?: Omit<AuthGuardOptions, 'now'>;
  /**
   * Digest algorithms offered, in order of preference (default SHA-256 then MD5, RFC 8760 §2.4).
   * Some clients (sipp 3.6) only read the first challenge and only speak MD5.
   */
  digestAlgorithms?: DigestAlgorithm[];
  /** Seconds of RTP silence on an answered call before it is ended (default 60; 0 turns it off). */
  rtpTimeoutSeconds?: number;
  /**
   * Country calling code for national numbers from trunks (default "46"); users' national numbers
   * are read with their organisation's country.
   */
  defaultCountryCode?: string;
  /** SIP timers T1, T2, T4 in ms (RFC 3261 §17); tests shorten T1 so transactions end sooner. */
  sipTimers?: Partial<TimerSettings>;
  transports?: Array<'udp' | 'tcp'>;
}

export interface SwitchStats {
  calls: number;
  transactions: number;
  dialogs: number;
  rtpPorts: number;
  sockets: number;
}

const silentLogger: SwitchLogger = { debug() {}, info() {}, warn() {}, error() {} };

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
  readonly #now: () => number;
  readonly #directory: SwitchDirectory;
  readonly #guard: AuthGuard;
  readonly #authenticator: SipAuthenticator;
  readonly #registrar: Registrar;
  readonly #presence = new LocalPresence();
  readonly #calls = new Set<ActiveCall>();
  readonly #signalling: UserAgentSignalling;
  #pool: RtpPortPool | null = null;
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  #stopped: Promise<void> | null = null;

  constructor(options: SwitchOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.clock ? () => options.clock!.now() : Date.now;
    this.#directory = new SwitchDirectory(options.store);
    this.#guard = new AuthGuard({ ...options.authGuard, now: this.#now });
    const digest = new DigestServer({
      secret: options.nonceSecret ?? randomBytes(32),
      now: this.#now,
      ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
      lookupHa1: (username, realm, algorithm) => lookupHa1(options.store.users, username, realm, algorithm),
    });
    this.#authenticator = new SipAuthenticator(digest, options.store.users, this.#guard);
    this.#registrar = new Registrar({
      authenticator: this.#authenticator,
      registrations: options.store.registrations,
      now: this.#now,
      ...(options.registrationLimits ? { limits: options.registrationLimits } : {}),
    });
    this.#signalling = new UserAgentSignalling({
      bindAddress: options.bindAddress,
      port: options.sipPort,
      advertisedAddress: options.advertisedAddress,
      transports: options.transports ?? ['udp', 'tcp'],
      logger: this.#logger,
      ...(options.sipTimers ? { timers: options.sipTimers } : {}),
    });
  }

  /** The SIP port actually bound (useful with `sipPort: 0`). */
  get sipPort(): number {
    return this.#signalling.port;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`Switch cannot start when ${this.#state}`);
    this.#state = 'started';
    this.#pool = new RtpPortPool({ minPort: this.#options.rtpPortRange.min, maxPort: this.#options.rtpPortRange.max, address: this.#options.bindAddress });
    await this.#closeUnfinishedCalls();
    await this.#signalling.start({
      register: (request, source) => this.#registrar.handle(request, source),
      invite: (invite) => this.#onInvite(invite),
    });
    // Expired bindings are ignored when read; this only keeps the table small.
    this.#sweeper = setInterval(() => {
      void this.#options.store.registrations
        .removeExpired(new Date(this.#now()).toISOString())
        .catch((error: unknown) => this.#logger.warn('could not remove expired registrations', { error: String(error) }));
    }, 60_000);
    this.#sweeper.unref();
    this.#logger.info('switch started', { sipPort: this.sipPort, advertisedAddress: this.#options.advertisedAddress });
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  stats(): SwitchStats {
    const signalling = this.#signalling.stats();
    return {
      calls: this.#calls.size,
      transactions: signalling.transactions,
      dialogs: signalling.dialogs,
      rtpPorts: this.#pool?.inUse ?? 0,
      sockets: signalling.sockets,
    };
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
    clearInterval(this.#sweeper);
    const calls = [...this.#calls];
    for (const call of calls) call.abort.abort('shutdown');
    // BYEs go out while the transports are still open; give the calls a moment to finish.
    await Promise.race([Promise.allSettled(calls.map((c) => c.done)), new Promise((r) => setTimeout(r, 2000).unref())]);
    await this.#signalling.stop();
    this.#pool?.close();
    this.#state = 'stopped';
    this.#logger.info('switch stopped');
  }

  /** R78: calls left open by a crash or restart are closed as failed. */
  async #closeUnfinishedCalls(): Promise<void> {
    try {
      const open = await this.#options.store.calls.listUnfinished();
      const endedAt = new Date(this.#now()).toISOString();
      for (const call of open) {
        await this.#options.store.calls.update(call.organisationId, {
          ...call,
          endedAt,
          outcome: call.answeredAt ? 'answered' : 'failed',
        });
      }
    } catch (error) {
      this.#logger.error('could not close unfinished calls', { error: String(error) });
    }
  }

  #onInvite(invite: ServerInvite): void {
    if (this.#state !== 'started') {
      invite.reject(503, 'Service Unavailable', 'the switch is shutting down');
      return;
    }
    const abort = new AbortController();
    const call: ActiveCall = { abort, done: Promise.resolve() };
    this.#calls.add(call);
    invite.onCancel(() => abort.abort('cancel'));
    call.done = this.#runCall(invite, abort)
      .catch((error: unknown) => this.#logger.error('call crashed', { error: String(error) }))
      .finally(() => this.#calls.delete(call));
  }

  async #runCall(invite: ServerInvite, abort: AbortController): Promise<void> {
    let admission;
    try {
      admission = await admitCall(invite, this.#directory, this.#authenticator, this.#options.defaultCountryCode ?? '46');
    } catch (error) {
      this.#logger.error('could not route a call', { error: String(error) });
      invite.reject(500, 'Server Internal Error', 'routing failed');
      return;
    }
    if (!admission.ok) {
      invite.reject(admission.status, admission.reason, admission.warning, admission.headers);
      return;
    }
    if (abort.signal.aborted) return;

    const services: CallServices = {
      directory: this.#directory,
      signalling: this.#signalling,
      presence: this.#presence,
      logger: this.#logger,
      now: () => new Date(this.#now()),
      advertisedAddress: this.#options.advertisedAddress,
    };
    const log = new CallLogWriter(
      this.#options.store.calls,
      admission.organisationId,
      { direction: admission.direction, at: services.now(), fromNumber: admission.fromNumber, fromName: admission.fromName, toNumber: admission.dialled, fromUserId: admission.caller.type === 'user' ? admission.caller.user.id : null, emergency: admission.emergency },
      this.#logger,
    );

    let reportInactive: (side: MediaSide) => void = () => {};
    const inactive = new Promise<MediaSide>((resolve) => (reportInactive = resolve));
    let media: AnchoredMedia;
    try {
      media = await AnchoredMedia.open({
        pool: this.#pool!,
        advertisedAddress: this.#options.advertisedAddress,
        inactivityTimeoutMs: (this.#options.rtpTimeoutSeconds ?? 60) * 1000,
        onInactive: (side) => reportInactive(side),
      });
    } catch (error) {
      this.#logger.error('no RTP ports for a call', { error: String(error) });
      invite.reject(503, 'Service Unavailable', 'no media ports free');
      log.ended(services.now(), { by: 'failure', detail: 'no RTP ports' });
      await log.flushed();
      return;
    }

    const held: Array<() => void> = [];
    try {
      const body = invite.request.body.toString('utf8');
      try {
        if (body.trim() === '') throw new UnusableSdp('an INVITE without an SDP offer is not supported');
        media.acceptCallerOffer(body);
      } catch (error) {
        if (!(error instanceof UnusableSdp)) throw error;
        invite.reject(488, 'Not Acceptable Here', error.message);
        log.ended(services.now(), { by: 'failure', detail: error.message });
        return;
      }
      if (admission.caller.type === 'user') held.push(this.#presence.occupy(admission.caller.user.id));
      const ctx: CallContext = {
        organisationId: admission.organisationId,
        caller: admission.caller,
        invite,
        media,
        log,
        state: new CallStateMachine(),
        services,
        abort: abort.signal,
        visitedUsers: new Set(),
        held,
        alerted: false,
        step: (step) => log.step(step, services.now()),
      };
      await runCallSession(ctx, admission.first, inactive);
    } finally {
      for (const release of held) release();
      media.close();
      await log.flushed();
    }
  }
}
