/**
 * What voicemail says, in the organisation's language (R31: the built-in greeting; R76: listening
 * by phone). Pure: texts for the switch's text-to-speech, spoken with the voice of that language.
 */
import type { Language, Prompt } from '@vaxel/domain';

const voices: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

export const say = (language: Language, text: string): Prompt => ({ type: 'tts', text, language: voices[language] });

/** R31: the greeting a box has when neither its owner nor the organisation recorded one. */
export function builtInGreeting(language: Language, boxName: string, kind: 'user' | 'responseGroup'): string {
  if (language === 'sv') {
    return kind === 'user'
      ? `Du har kommit till röstbrevlådan för ${boxName}. Lämna ett meddelande efter tonen. Tryck fyrkant när du är klar.`
      : `Du har kommit till ${boxName}. Lämna ett meddelande efter tonen. Tryck fyrkant när du är klar.`;
  }
  return kind === 'user'
    ? `You have reached the voicemail of ${boxName}. Please leave a message after the tone. Press hash when you are done.`
    : `You have reached ${boxName}. Please leave a message after the tone. Press hash when you are done.`;
}

export const phrases = {
  thanks: { sv: 'Tack för ditt meddelande. Hej då.', en: 'Thank you for your message. Goodbye.' },
  goodbye: { sv: 'Hej då.', en: 'Goodbye.' },
  noMessages: { sv: 'Du har inga meddelanden.', en: 'You have no messages.' },
  noMore: { sv: 'Inga fler meddelanden.', en: 'No more messages.' },
  choices: {
    sv: 'Tryck 1 för att lyssna igen, 2 för att spara, 3 för att radera, fyrkant för nästa meddelande, stjärna för att avsluta.',
    en: 'Press 1 to listen again, 2 to save, 3 to delete, hash for the next message, star to finish.',
  },
  saved: { sv: 'Meddelandet är sparat.', en: 'Message saved.' },
  deleted: { sv: 'Meddelandet är raderat.', en: 'Message deleted.' },
  askBox: {
    sv: 'Ange anknytningen till röstbrevlådan, avsluta med fyrkant.',
    en: 'Enter the extension of the voicemail box, followed by hash.',
  },
  askPin: { sv: 'Ange din PIN-kod, avsluta med fyrkant.', en: 'Enter your PIN, followed by hash.' },
  wrongPin: { sv: 'Fel anknytning eller PIN-kod.', en: 'Wrong extension or PIN.' },
  locked: {
    sv: 'Röstbrevlådan är spärrad efter för många felaktiga försök. Försök igen om en stund.',
    en: 'The voicemail box is locked after too many wrong attempts. Please try again later.',
  },
} satisfies Record<string, Record<Language, string>>;

/** "You have 2 new messages and 1 saved." — the count of a box before its messages are played. */
export function messageCount(language: Language, fresh: number, saved: number): string {
  if (language === 'sv') {
    const news =
      fresh === 0 ? 'inga nya meddelanden' : fresh === 1 ? 'ett nytt meddelande' : `${fresh} nya meddelanden`;
    const olds = saved === 0 ? '' : saved === 1 ? ' och ett sparat' : ` och ${saved} sparade`;
    return `Du har ${news}${olds}.`;
  }
  const news = fresh === 0 ? 'no new messages' : fresh === 1 ? 'one new message' : `${fresh} new messages`;
  const olds = saved === 0 ? '' : ` and ${saved} saved`;
  return `You have ${news}${olds}.`;
}

/** Digits one by one, so text-to-speech reads a number as a phone number, not as millions. */
export function spokenNumber(language: Language, number: string): string {
  const digits = number.replace(/[^\d+*#]/g, '');
  if (digits === '') return language === 'sv' ? 'okänt nummer' : 'an unknown number';
  return digits
    .split('')
    .map((c) => (c === '+' ? 'plus' : c))
    .join(' ');
}

/** Who left a message and when: "New message from Anna Berg, 0 7 0 …, Tuesday 2 December at 14:32." */
export function messageHeading(
  language: Language,
  message: { fromNumber: string; fromName: string | null; createdAt: string; heard: boolean },
  timeZone: string,
): string {
  const when = new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(message.createdAt));
  const who = [message.fromName, spokenNumber(language, message.fromNumber)]
    .filter((part): part is string => !!part)
    .join(', ');
  if (language === 'sv') return `${message.heard ? 'Sparat' : 'Nytt'} meddelande från ${who}, ${when}.`;
  return `${message.heard ? 'Saved' : 'New'} message from ${who}, ${when}.`;
}
