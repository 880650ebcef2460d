import { pinLockedUntil, voicemailPinThrottle, type Language } from '@vaxel/domain';
import { hashVoicemailPin, verifyVoicemailPin } from '@vaxel/store';
import { collectDigits, type DigitQueue } from '../collectDigits.ts';
import { playToCaller, promptClips } from '../playPrompts.ts';
import type { ListenCall } from './listenToVoicemail.ts';
import { phrases, say } from './phrases.ts';
import type { VoicemailBoxFacts } from './voicemailDirectory.ts';

/** A hash no PIN is checked against for real: an unknown box takes as long to refuse as a known one. */
let nobodysPin: Promise<string> | undefined;
const unknownBoxHash = () => (nobodysPin ??= hashVoicemailPin('00000000'));

/** How long the caller has for the first key of an entry, and between keys. */
export const ENTRY_TIMEOUTS = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000 } as const;

/**
 * R76: the voicemail access asks for the box's extension and its PIN, each ended with `#`.
 * A call gets three tries, then it is hung up; a box with ten wrong PINs within the hour refuses
 * PIN entry for a quarter of an hour (domain voicemailPinThrottle), whoever calls. An unknown
 * extension, a box without a PIN and a wrong PIN sound the same, so the phone tells a guesser
 * nothing about which boxes exist.
 */
export async function openBoxByPin(
  call: ListenCall,
  queue: DigitQueue,
  language: Language,
): Promise<VoicemailBoxFacts | null> {
  const { clock, voicemail } = call.services;
  const ask = async (text: string) => {
    await playToCaller(call, await promptClips(call, [say(language, text)]), { bargeIn: true });
    return collectDigits(queue, clock, { ...ENTRY_TIMEOUTS, maxDigits: 8, terminators: ['#'] }, call.abort);
  };
  for (let attempt = 1; attempt <= voicemailPinThrottle.attemptsPerCall; attempt++) {
    const extension = await ask(phrases.askBox[language]);
    if (extension.endedBy === 'aborted') return null;
    const pin = await ask(phrases.askPin[language]);
    if (pin.endedBy === 'aborted') return null;

    const box = extension.digits
      ? await voicemail.directory.boxByExtension(call.organisationId, extension.digits)
      : null;
    const hash = box ? await voicemail.messages.getPinHash(call.organisationId, box.owner) : null;
    if (box && hash) {
      const now = new Date(clock.now());
      const since = new Date(now.getTime() - voicemailPinThrottle.windowMs).toISOString();
      if (pinLockedUntil(await voicemail.messages.pinFailures(call.organisationId, box.owner, since), now)) {
        call.services.logger.warn('voicemail: PIN entry refused, the box is locked after too many wrong PINs', {
          box: box.id,
        });
        await playToCaller(call, await promptClips(call, [say(language, phrases.locked[language])]), {
          bargeIn: false,
        });
        return null;
      }
      if (await verifyVoicemailPin(pin.digits, hash)) {
        await voicemail.messages.clearPinFailures(call.organisationId, box.owner);
        return box;
      }
      await voicemail.messages.recordPinFailure(call.organisationId, box.owner, now.toISOString());
    } else {
      await verifyVoicemailPin(pin.digits, await unknownBoxHash());
    }
    call.services.logger.info('voicemail: wrong extension or PIN at the voicemail access', { attempt });
    queue.clear();
    await playToCaller(call, await promptClips(call, [say(language, phrases.wrongPin[language])]), { bargeIn: false });
  }
  return null;
}
