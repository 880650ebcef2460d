/**
 * One attempt of a callback (R14): a call the switch places itself, with the agent on the callee
 * side (rung first, through the queue's offer like any entry, showing "Återuppringning: +4670…")
 * and the party called back on the caller side (a {@link CalledBackLeg} through the trunk, From the
 * group's number: outbound rules apply, it is a call the switch places). It implements the flow's
 * session view, so the connected state (flow/steps/bridged.ts: recording policy, re-INVITEs, RTP
 * inactivity) is the same as for any call, and the call log is the callback's journey record,
 * which spans attempts (callbackJourney.ts) — the reason this is not a CallSession, whose record
 * is one per INVITE.
 *
 * Once an agent answered ({@link CallbackAttempt.callParty}): the agent hears "Ringer upp kunden"
 * then ringback while the party's phone rings for {@link PARTY_RING_SECONDS}; the party answers →
 * bridged until either hangs up. Busy, no answer or a carrier failure → the agent hears "Kunden
 * svarade inte" and is hung up (`notReached`). The agent hanging up first CANCELs the party's leg
 * (`agentLeft`: no attempt was made on the party's behalf). The number is checked against the
 * organisation's outbound rules again before it is called (`refused`: "Det numret kan vi inte
 * ringa" to the agent, and the callback is dropped).
 */
import type { Language } from '@vaxel/domain';
import { callProgressTone } from '@vaxel/media';
import type { TrunkRecord } from '@vaxel/store';
import type { FlowSession } from '../../flow/runFlow.ts';
import type { CallArrival, EndCause, FlowCaller, FlowServices } from '../../flow/step.ts';
import { bridged } from '../../flow/steps/bridged.ts';
import type { Connection } from '../../legs/answerLeg.ts';
import type { CallMedia } from '../../media/callMedia.ts';
import type { CallDialog, OutgoingInvite } from '../../signalling/signallingPort.ts';
import { CalledBackLeg } from './calledBackLeg.ts';
import { checkCallbackNumber } from './callbackNumber.ts';
import { uncountedTollLeg, type TollLeg } from '../../security/tollGuard.ts';
import type { EndReason } from '@vaxel/domain';
import { endReasonFor } from '../../call/endCauses.ts';
import type { CallbackJourney } from './callbackJourney.ts';
import { agentDisplay, callbackPhrases } from './callbackPhrases.ts';
import { sayTo } from './callbackPrompt.ts';

/** How long the party's phone rings before the attempt counts as not answered. */
export const PARTY_RING_SECONDS = 30;

export type AttemptEnd =
  /** The party answered and talked with the agent; the callback is done (`reason`, `at`: how and when it ended, issue 10). */
  | { kind: 'talked'; reason?: EndReason; at?: Date }
  /** Busy, no answer, declined or a carrier failure (`status` as the carrier said it). */
  | { kind: 'notReached'; status: number }
  /** The agent hung up before the party answered: the attempt does not count. */
  | { kind: 'agentLeft' }
  /** The organisation may no longer call the number (its outbound rules changed since the request). */
  | { kind: 'refused' }
  | { kind: 'shutdown' };

export class CallbackAttempt implements FlowSession {
  readonly organisationId: string;
  readonly language: Language;
  readonly caller: FlowCaller;
  readonly arrival: CallArrival;
  readonly leg = new CalledBackLeg();
  readonly media: CallMedia;
  readonly services: FlowServices;
  readonly visitedUsers = new Set<string>();
  readonly responseGroupId: string;
  readonly #journey: CallbackJourney;
  readonly #trunk: TrunkRecord;
  readonly #abort = new AbortController();
  readonly #onShutdown: () => void;
  readonly #shutdown: AbortSignal;
  #closed: Promise<void> | null = null;

  readonly #onClosed: () => void;

  /** `shutdown`: the switch stopping, which ends the attempt wherever it is; `onClosed`: its media is freed. */
  constructor(
    journey: CallbackJourney,
    trunk: TrunkRecord,
    media: CallMedia,
    services: FlowServices,
    shutdown: AbortSignal,
    onClosed: () => void = () => {},
  ) {
    this.#onClosed = onClosed;
    const { facts } = journey;
    this.#journey = journey;
    this.#trunk = trunk;
    this.media = media;
    this.services = services;
    this.organisationId = facts.organisationId;
    this.language = facts.language;
    this.responseGroupId = facts.responseGroupId;
    // What the agent's phone shows: the group's From puts the group's name before this name.
    this.caller = {
      type: 'trunk',
      trunkId: trunk.id,
      number: facts.number,
      name: agentDisplay(facts.language, facts.number),
    };
    this.arrival = { dialled: facts.number, diversions: 0 };
    this.#shutdown = shutdown;
    this.#onShutdown = () => this.#abort.abort('shutdown');
    if (shutdown.aborted) this.#onShutdown();
    else shutdown.addEventListener('abort', this.#onShutdown, { once: true });
    this.leg.onHangUp(() => this.#abort.abort('hangup'));
  }

  get id(): string {
    return this.#journey.writer.id ?? `callback-${this.#journey.facts.requestedByCallId}`;
  }

  get log() {
    return this.#journey.log;
  }

  get abort(): AbortSignal {
    return this.#abort.signal;
  }

  get callerDialog(): CallDialog | null {
    return this.leg.dialog;
  }

  /** Nothing rang the party before an agent took the attempt: there is no ringing to go back from. */
  routing(): void {}

  bridged(answeredByUserId: string | null): void {
    if (answeredByUserId !== null) this.#journey.bridged(answeredByUserId);
  }

  /**
   * An agent answered the offer (`connection`): call the party, and connect them (`partyAnswered`
   * is called as they are bridged; the promise resolves when the call ends) or tell the agent.
   */
  async callParty(connection: Connection, partyAnswered: () => void = () => {}): Promise<AttemptEnd> {
    const agent = connection.callee;
    const agentUserId = connection.answeredByUserId;
    let agentLeft = false;
    // Until the bridge takes the agent's dialog over (bridged.ts sets its own BYE handler).
    agent.onBye(() => {
      agentLeft = true;
      this.#abort.abort('agentLeft');
    });
    let dialling = true;
    const toAgent = (async () => {
      await sayTo(this, 'callee', this.language, callbackPhrases.callingCustomer[this.language], false);
      // The party may have answered (the bridge stopped the prompt) or not been reached meanwhile.
      if (dialling && !this.#abort.signal.aborted)
        void this.media.play('callee', { clips: [callProgressTone('ringback')], loop: true, bargeIn: false });
    })();

    // R91: the rules of the moment the switch places the call, not of the request; issue 10: its limits.
    const toll = await this.#mayCall();
    if (!toll) {
      dialling = false;
      try {
        await this.media.stopPlaying('callee');
        await toAgent;
        await sayTo(this, 'callee', this.language, callbackPhrases.refused[this.language], false);
        return { kind: 'refused' };
      } finally {
        await agent.bye('the number may not be called');
        connection.release?.();
      }
    }
    this.#journey.dialling();
    try {
      return await this.#dialParty(
        connection,
        toll,
        partyAnswered,
        toAgent,
        () => agentLeft,
        () => (dialling = false),
      );
    } finally {
      toll.ended();
    }
  }

  /** Rings the party the toll gate admitted (`toll`: its talk time from the answer) and bridges them with the agent. */
  async #dialParty(
    connection: Connection,
    toll: TollLeg,
    partyAnswered: () => void,
    toAgent: Promise<void>,
    agentLeft: () => boolean,
    dialEnded: () => void,
  ): Promise<AttemptEnd> {
    const agent = connection.callee;
    const agentUserId = connection.answeredByUserId;
    const dialled = await this.leg.dial(this, this.media, this.#invite(), PARTY_RING_SECONDS);
    dialEnded();
    if (dialled.kind === 'answered') toll.answered();
    if (dialled.kind === 'answered' && !agentLeft() && !this.#abort.signal.aborted) {
      partyAnswered();
      // The bridge stops the prompt or ringback the agent hears (CallMedia.bridge).
      const cause: EndCause = await bridged(this, connection);
      await toAgent;
      // bridged.ts ended the agent's side; the party's is ended here whoever left first (BYE is safe twice).
      await this.leg.hangUp();
      // The called-back party is the callback call's caller side, the agent its callee (endCauses.ts).
      return cause.by === 'shutdown'
        ? { kind: 'shutdown' }
        : { kind: 'talked', reason: endReasonFor(cause, 'callee'), ...(cause.at ? { at: cause.at } : {}) };
    }

    try {
      await this.leg.hangUp();
      await this.media.stopPlaying('callee');
      await toAgent;
      if (this.#shutdown.aborted) return { kind: 'shutdown' };
      if (agentLeft()) return { kind: 'agentLeft' };
      this.services.logger.info('callback: the party called back did not answer', {
        callId: this.id,
        status: dialled.kind === 'notReached' ? dialled.status : null,
        agentUserId,
      });
      await sayTo(this, 'callee', this.language, callbackPhrases.customerDidNotAnswer[this.language], false);
      return { kind: 'notReached', status: dialled.kind === 'notReached' ? dialled.status : 480 };
    } finally {
      await agent.bye('the party called back did not answer');
      connection.release?.();
    }
  }

  /** The toll gate's leg for the call to the party, or null when it may not be placed (rules or limits). */
  async #mayCall(): Promise<TollLeg | null> {
    const { directory, logger, tollGuard } = this.services;
    let facts;
    try {
      facts = await Promise.all([
        directory.organisation(this.organisationId),
        directory.outboundRules(this.organisationId),
        directory.organisationNumbers(this.organisationId),
      ]);
    } catch (error) {
      // The number passed the rules when the caller asked; a store that cannot be read now does not drop the callback.
      logger.warn('callback: the outbound rules could not be read again; calling as checked at the request', {
        error: String(error),
      });
      return uncountedTollLeg;
    }
    const [organisation, rules, organisationNumbers] = facts;
    const number = this.#journey.facts.number;
    const checked = organisation
      ? checkCallbackNumber(number, { country: organisation.country, rules, organisationNumbers })
      : null;
    if (organisation && checked?.ok) {
      // Issue 10: a callback is a call the switch places through the trunk, under the same gate as any other.
      const admission = await tollGuard.admit({
        organisationId: this.organisationId,
        country: organisation.country,
        rules,
        number,
        user: null,
        source: null,
      });
      if (admission.allowed) return admission.leg;
      logger.warn('callback: the organisation’s outbound limits refuse the call now; the callback is dropped', {
        organisationId: this.organisationId,
        reason: admission.reason,
      });
      return null;
    }
    logger.warn('callback: the number may no longer be called; the callback is dropped', {
      organisationId: this.organisationId,
      reason: checked && !checked.ok ? checked.reason : 'no organisation',
    });
    return null;
  }

  /** Frees the attempt's media; safe twice. The journey's record outlives it. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#shutdown.removeEventListener('abort', this.#onShutdown);
      await this.media.close();
      this.#onClosed();
    })();
    return this.#closed;
  }

  /** R71: through the organisation's trunk, the group's number in From and P-Asserted-Identity (RFC 3325 §9.1). */
  #invite(): OutgoingInvite {
    const trunk = this.#trunk;
    const host = this.services.advertisedAddress;
    const number = this.#journey.facts.number;
    const from = `<sip:${this.#journey.facts.groupNumber}@${host}>`;
    return {
      uri: `sip:${number}@${trunk.host}:${trunk.port}`,
      target: { transport: trunk.transport, address: trunk.host, port: trunk.port },
      from,
      to: `<sip:${number}@${trunk.host}>`,
      sdp: this.media.offerToCaller(),
      headers: [['P-Asserted-Identity', from]],
      ...(trunk.username && trunk.password
        ? { credentials: { username: trunk.username, password: trunk.password } }
        : {}),
    };
  }
}
