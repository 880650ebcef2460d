/**
 * Leave a voicemail message (R17, R31, R76): the box of the destination's owner (bound to the
 * user or group whose setting sent the call, see routing/voicemailOwner.ts), its greeting, a
 * beep, then the caller's words recorded until they hang up, press `#`, fall silent for 5 s or
 * reach 3 minutes. A message under a second is not kept. The message is stored, linked from the
 * call log (outcome `voicemail`), and its box's people are e-mailed with the audio.
 *
 * `needs: 'either'`: the step answers the caller itself, after it knows the box takes messages,
 * so a group whose voicemail is off refuses the call instead of answering and hanging up.
 */
import { randomUUID } from 'node:crypto';
import type { CallOutcome } from '@vaxel/domain';
import { tone } from '@vaxel/media';
import { fileKeys } from '@vaxel/store';
import type { MessageRecordingRequest } from '../../media/callMedia.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { DestinationCause, DestinationOf, FlowCall, FlowServices, Step, StepResult } from '../step.ts';
import { builtInGreeting, phrases, say } from '../voicemail/phrases.ts';
import type { VoicemailBoxFacts } from '../voicemail/voicemailDirectory.ts';

/** R76: how a message ends, besides the caller hanging up. */
export const MESSAGE_RECORDING = {
  stopDigits: ['#'],
  silenceMs: 5000,
  maxMs: 180_000,
  minMs: 1000,
} as const satisfies Omit<MessageRecordingRequest, 'key'>;

/** The beep after the greeting: 1 kHz for 300 ms, the tone people know as "speak now". */
export const BEEP = tone({ frequencies: [1000], durationMs: 300 });

export type VoicemailCall = PromptCall &
  Pick<FlowCall, 'id' | 'language' | 'caller' | 'leg' | 'log'> & {
    readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'files' | 'clock' | 'voicemail'>;
  };

/** R58: a call that left no message keeps the outcome of why it came to voicemail. */
export function noMessageOutcome(cause: DestinationCause): CallOutcome {
  return cause === 'busy' ? 'busy' : cause === 'rejected' ? 'rejected' : 'missed';
}

export const voicemail = {
  needs: 'either',
  async run(
    call: VoicemailCall,
    destination: DestinationOf<'voicemail'>,
    cause: DestinationCause,
  ): Promise<StepResult> {
    const { logger, voicemail: services } = call.services;
    const box = destination.owner ? await services.directory.box(call.organisationId, destination.owner) : null;
    if (!box || !box.enabled) {
      logger.warn(box ? "voicemail: the group's voicemail is off" : 'voicemail: no box to leave a message in', {
        owner: destination.owner ?? null,
      });
      return {
        kind: 'end',
        cause: {
          by: 'refusal',
          refusal: {
            status: 480,
            reason: 'Temporarily Unavailable',
            warning: box ? 'voicemail is off for this group' : 'no voicemail box',
            outcome: noMessageOutcome(cause),
          },
        },
      };
    }
    call.log.path({ type: 'voicemail', id: box.id, name: box.name });
    await call.leg.answer();
    if (call.abort.aborted) return hungUp(call, cause);

    const greeting = await greetingClips(call, box);
    const greeted = await playToCaller(call, greeting, { bargeIn: true });
    if (greeted.reason === 'hungUp') return hungUp(call, cause);
    const beeped = await playToCaller(call, [BEEP], { bargeIn: false });
    if (beeped.reason === 'hungUp') return hungUp(call, cause);

    const messageId = randomUUID();
    const key = fileKeys.voicemail(call.organisationId, messageId);
    const recorded = await call.media.recordMessage('caller', { key, ...MESSAGE_RECORDING }, call.abort);
    if (!recorded.kept) {
      logger.info('voicemail: message too short, not kept', {
        durationMs: recorded.durationMs,
        endedBy: recorded.endedBy,
      });
      return hungUp(call, cause);
    }
    const message = await services.messages.create(call.organisationId, {
      id: messageId,
      box: box.owner,
      callId: call.id,
      fromNumber: call.caller.number,
      fromName: call.caller.name,
      durationMs: recorded.durationMs,
      heard: false,
      createdAt: new Date(call.services.clock.now()).toISOString(),
    });
    call.log.voicemailLeft(message.id);
    void notify(call, box, message, key);

    if (!call.abort.aborted)
      await playToCaller(call, await promptClips(call, [say(call.language, phrases.thanks[call.language])]), {
        bargeIn: false,
      });
    if (call.abort.reason === 'shutdown') return { kind: 'end', cause: { by: 'shutdown' } };
    // A caller who hung up is not sent a BYE; the call log says `voicemail` either way (voicemailLeft).
    if (call.abort.aborted) return { kind: 'end', cause: { by: 'caller', outcome: 'voicemail' } };
    return { kind: 'end', cause: { by: 'flow', outcome: 'voicemail' } };
  },
} satisfies Step<'voicemail'>;

/** The box's greeting; when it cannot be played (a deleted audio file), the built-in one. */
async function greetingClips(call: VoicemailCall, box: VoicemailBoxFacts) {
  if (box.greeting) {
    const own = await promptClips(call, [box.greeting]);
    if (own.length > 0) return own;
  }
  return promptClips(call, [say(call.language, builtInGreeting(call.language, box.name, box.owner.type))]);
}

/**
 * The end of a call that left no message: the caller hung up (the call log says they missed the
 * person, as if nobody had answered), or the switch hangs up after a message too short to keep.
 */
function hungUp(call: VoicemailCall, cause: DestinationCause): StepResult {
  if (call.abort.reason === 'shutdown') return { kind: 'end', cause: { by: 'shutdown' } };
  if (call.abort.aborted) return { kind: 'end', cause: { by: 'caller', outcome: noMessageOutcome(cause) } };
  return { kind: 'end', cause: { by: 'flow', outcome: noMessageOutcome(cause) } };
}

/**
 * E-mails the box's people once the message is stored. It runs beside the rest of the call and
 * never fails it: a mail server that is down costs the e-mail, not the message.
 */
async function notify(
  call: VoicemailCall,
  box: VoicemailBoxFacts,
  message: { id: string; fromNumber: string; fromName: string | null; createdAt: string; durationMs: number },
  key: string,
): Promise<void> {
  const { notifier, directory } = call.services.voicemail;
  const { logger } = call.services;
  if (!notifier || box.recipients.length === 0) return;
  try {
    const [organisation, audio] = await Promise.all([
      directory.organisation(call.organisationId),
      call.services.files.get(key),
    ]);
    if (!organisation || !audio) {
      logger.warn('voicemail: no notification, the organisation or the audio is gone', { messageId: message.id });
      return;
    }
    await notifier.notify({
      organisation,
      box: { owner: box.owner, name: box.name },
      recipients: box.recipients,
      message: {
        id: message.id,
        fromNumber: message.fromNumber,
        fromName: message.fromName,
        receivedAt: message.createdAt,
        durationMs: message.durationMs,
      },
      audio,
    });
    logger.info("voicemail: the box's people were told of a new message", {
      messageId: message.id,
      recipients: box.recipients.length,
    });
  } catch (error) {
    call.services.logger.warn('voicemail: the notification could not be sent', {
      messageId: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
