/**
 * What the callback says (R14), in the organisation's language: to the waiting caller (the offer,
 * the number read back, the confirmation) and to the agent who takes the callback. Pure: texts
 * for the switch's text-to-speech, spoken with the voice of that language.
 */
import type { Language, Prompt, QueueKey } from '@vaxel/domain';

const voices: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

export const speak = (language: Language, text: string): Prompt => ({ type: 'tts', text, language: voices[language] });

/** A key as it is said: "1", "stjärna" / "star", "fyrkant" / "hash". */
export function spokenKey(language: Language, key: QueueKey): string {
  if (key === '*') return language === 'sv' ? 'stjärna' : 'star';
  if (key === '#') return language === 'sv' ? 'fyrkant' : 'hash';
  return key;
}

/** Part of the queue's announcements once the caller has waited `offerAfterSeconds`. */
export function callbackOffer(language: Language, key: QueueKey): string {
  const k = spokenKey(language, key);
  return language === 'sv'
    ? `Tryck ${k} om du vill bli uppringd, du behåller din plats i kön.`
    : `Press ${k} to be called back; you keep your place in the queue.`;
}

/** The number to call, read back in digit groups (callbackNumber.ts), and the choice. */
export function confirmNumber(language: Language, spoken: string): string {
  return language === 'sv'
    ? `Vi ringer dig på ${spoken}. Tryck 1 för att bekräfta, eller 2 för att ange ett annat nummer.`
    : `We will call you on ${spoken}. Press 1 to confirm, or 2 to enter another number.`;
}

export const callbackPhrases = {
  askNumber: {
    sv: 'Ange numret vi ska ringa dig på, avsluta med fyrkant.',
    en: 'Enter the number we should call you on, followed by hash.',
  },
  refused: { sv: 'Det numret kan vi inte ringa.', en: 'We cannot call that number.' },
  thanks: { sv: 'Tack, vi ringer upp dig.', en: 'Thank you, we will call you back.' },
  stillQueued: { sv: 'Du är kvar i kön.', en: 'You are still in the queue.' },
  /** To the agent, before ringback, while the switch calls the customer. */
  callingCustomer: { sv: 'Ringer upp kunden.', en: 'Calling the customer.' },
  /** To the agent when the customer did not answer (or was busy) before the switch hangs up. */
  customerDidNotAnswer: { sv: 'Kunden svarade inte.', en: 'The customer did not answer.' },
} satisfies Record<string, Record<Language, string>>;

/** What the agent's phone shows before answering: "Återuppringning: +46701234567". */
export function agentDisplay(language: Language, number: string): string {
  return `${language === 'sv' ? 'Återuppringning' : 'Callback'}: ${number}`;
}
