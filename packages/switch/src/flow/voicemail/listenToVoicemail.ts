/**
 * Listening to voicemail by phone (R76): `*98` from a user's own phone opens their box; the
 * organisation's voicemail access asks for a box and its PIN (openBoxByPin.ts). Then new
 * messages, oldest first, then saved ones; each introduced by who left it and when, then played,
 * then the choices. Keys, during or after a message:
 *
 * | Key | Does |
 * |---|---|
 * | 1 | play the message again |
 * | 2 | save it (mark it read) and go on |
 * | 3 or 7 | delete it (and its audio) and go on |
 * | # | go on, leaving it as it is |
 * | * | finish |
 *
 * A key pressed ahead (during the count of messages, or while "saved" is said) is the choice for
 * the next message at once. No key for 10 s after the choices says them once more; a second
 * silence finishes. All timing is on the call's clock.
 */
import { parseWav, wavSamples } from '@vaxel/media';
import type { Language, TelephonyAudio } from '@vaxel/domain';
import { fileKeys, type VoicemailMessage } from '@vaxel/store';
import { DigitQueue } from '../collectDigits.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { FlowCall, FlowServices, StepResult } from '../step.ts';
import type { ListeningEntry } from './listeningEntry.ts';
import { openBoxByPin } from './openBoxByPin.ts';
import { messageCount, messageHeading, phrases, say } from './phrases.ts';
import type { VoicemailBoxFacts } from './voicemailDirectory.ts';

/** How long the caller has to choose after the choices were said. */
export const CHOICE_TIMEOUT_MS = 10_000;

export type ListenCall = PromptCall &
  Pick<FlowCall, 'leg' | 'log'> & {
    readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'files' | 'clock' | 'voicemail'>;
  };

export async function listenToVoicemail(call: ListenCall, entry: ListeningEntry): Promise<StepResult> {
  const { voicemail, logger } = call.services;
  const organisation = await voicemail.directory.organisation(call.organisationId);
  if (!organisation) return { kind: 'end', cause: { by: 'failure', detail: 'the organisation no longer exists' } };
  const language = organisation.language;
  await call.leg.answer();
  // Subscribed before anything is said, so a key that stops a prompt is read, not lost.
  const queue = new DigitQueue(call.media);
  try {
    const box =
      entry.kind === 'ownBox'
        ? await voicemail.directory.box(call.organisationId, entry.owner)
        : await openBoxByPin(call, queue, language);
    if (call.abort.aborted) return ended(call);
    if (!box) {
      await speak(call, language, phrases.goodbye[language]);
      return ended(call);
    }
    call.log.path({ type: 'voicemail', id: box.id, name: box.name });
    logger.info('voicemail: box opened by phone', { box: box.id, by: entry.kind });
    await playMessages(call, queue, box, language, organisation.timeZone);
    return ended(call);
  } finally {
    queue.close();
  }
}

/** The caller listened (or hung up): the call log says answered; the switch hangs up if they did not. */
function ended(call: ListenCall): StepResult {
  if (call.abort.reason === 'shutdown') return { kind: 'end', cause: { by: 'shutdown' } };
  if (call.abort.aborted) return { kind: 'end', cause: { by: 'caller' } };
  return { kind: 'end', cause: { by: 'flow', outcome: 'answered' } };
}

async function speak(call: ListenCall, language: Language, ...texts: string[]) {
  return playToCaller(
    call,
    await promptClips(
      call,
      texts.map((text) => say(language, text)),
    ),
    { bargeIn: true },
  );
}

/** New messages first, then saved ones; each group oldest first, as they came in. */
export function listeningOrder(messages: readonly VoicemailMessage[]): VoicemailMessage[] {
  const byTime = [...messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return [...byTime.filter((m) => !m.heard), ...byTime.filter((m) => m.heard)];
}

async function playMessages(
  call: ListenCall,
  queue: DigitQueue,
  box: VoicemailBoxFacts,
  language: Language,
  timeZone: string,
): Promise<void> {
  const { voicemail, files, clock } = call.services;
  const messages = listeningOrder(await voicemail.messages.list(call.organisationId, box.owner));
  const fresh = messages.filter((m) => !m.heard).length;
  if (messages.length === 0) {
    await speak(call, language, phrases.noMessages[language], phrases.goodbye[language]);
    return;
  }
  await speak(call, language, messageCount(language, fresh, messages.length - fresh));
  call.services.logger.debug('voicemail: messages to play', { count: messages.length, new: fresh });

  let choicesOnly = false;
  for (let index = 0; index < messages.length;) {
    if (call.abort.aborted) return;
    const message = messages[index]!;
    const choices = await promptClips(call, [say(language, phrases.choices[language])]);
    let played: Awaited<ReturnType<typeof playToCaller>>;
    if (queue.pending > 0) {
      // A key pressed ahead (during the count, or "saved") is the choice for this message at once.
      played = { reason: 'finished' };
    } else if (choicesOnly) {
      played = await playToCaller(call, choices, { bargeIn: true });
    } else {
      const heading = await promptClips(call, [say(language, messageHeading(language, message, timeZone))]);
      const audio = await messageAudio(call, message);
      played = await playToCaller(call, [...heading, ...(audio ? [audio] : []), ...choices], { bargeIn: true });
    }
    choicesOnly = false;
    let key = null;
    for (let silences = 0; key === null && played.reason !== 'hungUp' && silences < 2; silences++) {
      key = await queue.next(clock, CHOICE_TIMEOUT_MS, call.abort);
      if (key === null && silences === 0 && !call.abort.aborted)
        played = await playToCaller(call, choices, { bargeIn: true });
    }
    if (call.abort.aborted) return;
    call.services.logger.debug('voicemail: choice after a message', { messageId: message.id, key });
    switch (key) {
      case '1':
        continue;
      case '2':
        await voicemail.messages.setHeard(call.organisationId, message.id, true);
        await speak(call, language, phrases.saved[language]);
        index++;
        continue;
      case '3':
      case '7':
        await voicemail.messages.delete(call.organisationId, message.id);
        await files.delete(fileKeys.voicemail(call.organisationId, message.id));
        await speak(call, language, phrases.deleted[language]);
        index++;
        continue;
      case '#':
        index++;
        continue;
      case '*':
      case null:
        await speak(call, language, phrases.goodbye[language]);
        return;
      default:
        // A key with no meaning here: the choices again, for the same message.
        choicesOnly = true;
        continue;
    }
  }
  await speak(call, language, phrases.noMore[language], phrases.goodbye[language]);
}

/** The message's samples (8 kHz mono), or null when its file is gone or unreadable. */
async function messageAudio(call: ListenCall, message: VoicemailMessage): Promise<TelephonyAudio | null> {
  const wav = await call.services.files.get(fileKeys.voicemail(call.organisationId, message.id));
  if (!wav) {
    call.services.logger.warn('voicemail: the audio of a message is missing', { messageId: message.id });
    return null;
  }
  try {
    return wavSamples(parseWav(wav));
  } catch (error) {
    call.services.logger.warn('voicemail: the audio of a message cannot be read', {
      messageId: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}
