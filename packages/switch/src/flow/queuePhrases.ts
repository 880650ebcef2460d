/**
 * What a waiting caller is told (R14), in the organisation's language: their position and the
 * expected wait. Pure: texts for the switch's text-to-speech (as voicemail's phrases).
 */
import type { Language } from '@vaxel/domain';

/** "Du är nummer 3 i kön." / "You are number 3 in the queue." */
export function positionPhrase(language: Language, position: number): string {
  if (language === 'sv') return position === 1 ? 'Du är först i kön.' : `Du är nummer ${position} i kön.`;
  return position === 1 ? 'You are first in the queue.' : `You are number ${position} in the queue.`;
}

/** The expected wait in whole minutes (at least one): "Beräknad väntetid är ungefär 3 minuter." */
export function expectedWaitPhrase(language: Language, seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (language === 'sv') return `Beräknad väntetid är ungefär ${minutes === 1 ? 'en minut' : `${minutes} minuter`}.`;
  return `The expected wait is about ${minutes === 1 ? 'one minute' : `${minutes} minutes`}.`;
}
