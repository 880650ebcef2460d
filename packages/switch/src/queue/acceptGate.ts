/**
 * Press 1 to accept (R74, issue 9): a group's call that a mobile answers is not the agent's yet.
 * A mobile's own voicemail, a colleague picking it up or a pocket answers too, and bridging the
 * caller to any of those would end the queue call for nothing. So the switch speaks to the
 * mobile first ("Call for Support. Press 1 to answer.", again and again for a quarter of a
 * minute) and takes the call for the agent only when 1 comes back from that side. Anything else
 * — another key, no key, the mobile hanging up — refuses it: the leg gets BYE and the queue goes
 * on as if the agent had not answered.
 *
 * `acceptGate` decides; it never ends the leg itself (the ring fork does, so one place owns the
 * BYE of every leg that does not win).
 */
import type { Language, Prompt, TelephonyAudio } from '@vaxel/domain';
import { concatPcm, silence, tone } from '@vaxel/media';
import type { FlowServices } from '../flow/step.ts';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import type { AnswerGate } from '../legs/ringLegs.ts';
import type { CallMedia, Dtmf } from '../media/callMedia.ts';
import { infoDigits } from '../media/sipInfoDigits.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';
import type { AgentLeg } from './agentLegs.ts';

/** The key that accepts. */
export const ACCEPT_KEY: Dtmf = '1';

/** How long the agent has to press it, from the answer: the prompt is said about three times. */
export const ACCEPT_TIMEOUT_MS = 15_000;

/** The pause after each time the prompt is said, so the words do not run into each other. */
const PAUSE_MS = 1200;

/** Heard when the prompt's speech cannot be had: two short high beeps and the pause, repeated. */
const FALLBACK = concatPcm(
  tone({ frequencies: [1400], durationMs: 150 }),
  silence(120),
  tone({ frequencies: [1400], durationMs: 150 }),
);

/** What the mobile hears: "Call for Support. Press 1 to answer." in the organisation's language. */
export function acceptPrompt(language: Language, groupName: string): Prompt {
  return language === 'sv'
    ? { type: 'tts', text: `Samtal till ${groupName}. Tryck 1 för att svara.`, language: 'sv-SE' }
    : { type: 'tts', text: `Call for ${groupName}. Press 1 to answer.`, language: 'en-GB' };
}

/** The prompt's audio as it loops: the speech (or the fallback beeps) and a pause. */
export function gateAudio(clips: readonly TelephonyAudio[]): TelephonyAudio {
  const speech = clips.filter((clip) => clip.length > 0);
  return concatPcm(...(speech.length > 0 ? speech : [FALLBACK]), silence(PAUSE_MS));
}

export type GateDecision =
  | { accepted: true }
  | {
      accepted: false;
      /** `otherKey`: a key but not 1; `noKey`: the time ran out; `hungUp`: BYE from the mobile; `stopped`: the offer ended (another agent won, the caller left). */
      reason: 'otherKey' | 'noKey' | 'hungUp' | 'stopped';
      key?: Dtmf;
    };

export interface GateCall {
  /** The callee side is the mobile's once its answer's SDP is taken. */
  readonly media: Pick<CallMedia, 'play' | 'stopPlaying' | 'on' | 'injectDigit'>;
  readonly services: { readonly clock: Clock };
}

export interface GateOptions {
  /** Played to the mobile in a loop until decided (see {@link gateAudio}). */
  audio: TelephonyAudio;
  timeoutMs?: number;
  /** Aborted when the offer ends without this leg: another agent won, or the caller hung up. */
  signal: AbortSignal;
}

/**
 * Waits for the mobile on the callee side to press {@link ACCEPT_KEY}: keys by RFC 4733 (the
 * media's digit events) or SIP INFO on the leg's dialog. The prompt stops when decided.
 */
export function acceptGate(
  call: GateCall,
  leg: Pick<CallDialog, 'onBye' | 'onInfo'>,
  options: GateOptions,
): Promise<GateDecision> {
  const { media, services } = call;
  const { clock } = services;
  return new Promise((resolve) => {
    let decided = false;
    let timer: TimerHandle | undefined;
    const decide = (decision: GateDecision) => {
      if (decided) return;
      decided = true;
      if (timer) clock.clearTimeout(timer);
      unsubscribe();
      options.signal.removeEventListener('abort', onStop);
      // Stopped offers leave the callee side to whoever won it (the bridge stops playback there).
      if (decision.accepted || decision.reason !== 'stopped') void media.stopPlaying('callee').catch(() => {});
      resolve(decision);
    };
    const onStop = () => decide({ accepted: false, reason: 'stopped' });
    const unsubscribe = media.on((event) => {
      if (event.type !== 'digit' || event.side !== 'callee') return;
      decide(
        event.digit === ACCEPT_KEY ? { accepted: true } : { accepted: false, reason: 'otherKey', key: event.digit },
      );
    });
    if (options.signal.aborted) return onStop();
    options.signal.addEventListener('abort', onStop, { once: true });
    leg.onBye(() => decide({ accepted: false, reason: 'hungUp' }));
    leg.onInfo(infoDigits((key) => media.injectDigit('callee', key, 'info')));
    timer = clock.setTimeout(
      () => decide({ accepted: false, reason: 'noKey' }),
      options.timeoutMs ?? ACCEPT_TIMEOUT_MS,
    );
    // bargeIn: the key is the answer; the media reports it as an event whichever way it came.
    void media.play('callee', { clips: [options.audio], loop: true, bargeIn: true }).catch(() => {});
  });
}

/**
 * The prompt's audio, or the beeps when it cannot be had (a language text-to-speech lacks): the
 * agent must still hear that the call waits for them. (flow/playPrompts.ts sits above queue/.)
 */
async function promptAudio(call: MobileGateCall, organisationId: string, prompt: Prompt): Promise<TelephonyAudio> {
  try {
    return gateAudio([await call.services.prompts.samples(organisationId, prompt)]);
  } catch (error) {
    call.services.logger.warn('the press-1 prompt of a mobile agent is unavailable, beeps instead', {
      detail: error instanceof Error ? error.message : String(error),
    });
    return gateAudio([]);
  }
}

/** What the gate of an offer needs of the call. */
export type MobileGateCall = {
  readonly media: GateCall['media'] & Pick<CallMedia, 'acceptCalleeAnswer'>;
  readonly services: Pick<FlowServices, 'clock' | 'prompts' | 'logger'>;
};

/** Whose call it is: the prompt names the group in the organisation's language. */
export interface GateGroup {
  organisationId: string;
  name: string;
  language: Language;
}

/**
 * The {@link AnswerGate} of one offer to a group's agents (legs/ringLegs.ts): a leg to a mobile
 * passes {@link acceptGate} before it wins; a leg to a phone wins at once. The callee side of the
 * call's media is one endpoint that every leg's answer points somewhere, so mobiles that answer
 * at about the same time take turns: the second waits, unheard, until the first has decided
 * (and is ended with BYE if the first accepted). The prompt's audio is made once per offer, as
 * the offer starts.
 */
export function mobileAnswerGate(
  call: MobileGateCall,
  legs: readonly Pick<AgentLeg, 'reach' | 'userId'>[],
  group: GateGroup,
): AnswerGate {
  let turn: Promise<unknown> = Promise.resolve();
  let audio: Promise<TelephonyAudio> | null = null;
  const audioOnce = () => (audio ??= promptAudio(call, group.organisationId, acceptPrompt(group.language, group.name)));
  // Made while the mobiles still ring, so an agent who answers hears the prompt at once, not
  // after a text-to-speech run.
  if (legs.some((leg) => leg.reach === 'mobile')) void audioOnce();
  return (index, response, dialog, signal) => {
    const leg = legs[index];
    if (leg?.reach !== 'mobile') return null;
    const decided = turn.then(async () => {
      if (signal.aborted) return false;
      try {
        call.media.acceptCalleeAnswer(response.body.toString('utf8'), dialog.signalledFrom);
      } catch (error) {
        call.services.logger.warn('a mobile answered with unusable SDP', { userId: leg.userId, error: String(error) });
        return false;
      }
      const decision = await acceptGate(call, dialog, { audio: await audioOnce(), signal });
      if (!decision.accepted && decision.reason !== 'stopped') {
        call.services.logger.info('response group: an agent’s mobile answered but did not accept with 1', {
          userId: leg.userId,
          reason: decision.reason,
        });
      }
      return decision.accepted;
    });
    turn = decided.catch(() => false);
    return decided;
  };
}
