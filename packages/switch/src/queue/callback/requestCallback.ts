/**
 * The caller asks for a callback (R14): they pressed the group's callback key while waiting.
 *
 * 1. Their own number, when it can be called back (callbackNumber.ts), is read back in digit
 *    groups: "Vi ringer dig på 070-123 45 67. Tryck 1 för att bekräfta, eller 2 för att ange ett
 *    annat nummer." A withheld or unusable number goes straight to 2.
 * 2. Typing: "Ange numret …", digits then `#` (or a pause), read with the organisation's country;
 *    a number the organisation may not call (outbound rules, emergency numbers, its own numbers)
 *    gets "Det numret kan vi inte ringa" and the question again; a readable one is read back for 1.
 * 3. 1 confirms: "Tack, vi ringer upp dig", and the caller's queue entry becomes a callback entry.
 *    After {@link MAX_NUMBER_TRIES} numbers without a confirmation, or silence at a question, the
 *    caller hears "Du är kvar i kön" and goes on waiting, their place unchanged.
 * The caller hanging up at any point ends it (`hungUp`): nothing was confirmed.
 */
import type { Language } from '@vaxel/domain';
import type { Clock } from '../../kernel/clock.ts';
import type { Dtmf } from '../../media/callMedia.ts';
import type { FlowCaller } from '../../flow/step.ts';
import {
  checkCallbackNumber,
  ownCallbackNumber,
  spokenNumberGroups,
  type CallbackNumberFacts,
} from './callbackNumber.ts';
import { callbackPhrases, confirmNumber } from './callbackPhrases.ts';
import { sayTo, type SpeakingCall } from './callbackPrompt.ts';

/** Numbers the caller may type before going back to waiting. */
export const MAX_NUMBER_TRIES = 3;
/** How long a question waits for its key, and a number for its first digit. */
export const ANSWER_TIMEOUT_MS = 8000;
/** The pause between digits that ends a typed number without `#`. */
export const INTER_DIGIT_TIMEOUT_MS = 5000;
/** `00` and the fifteen digits of the longest E.164 number, and one to spare. */
const MAX_TYPED_DIGITS = 18;

/** The caller's keys, in the order pressed (flow/collectDigits.ts's DigitQueue). */
export interface CallerKeys {
  next(clock: Clock, timeoutMs: number, signal: AbortSignal): Promise<Dtmf | null>;
  clear(): void;
}

export type RequestingCall = SpeakingCall & {
  readonly caller: FlowCaller;
  readonly language: Language;
  readonly services: SpeakingCall['services'] & { readonly clock: Clock };
};

export type CallbackRequest =
  | { kind: 'confirmed'; number: string }
  /** Not confirmed: the caller goes on waiting in the queue. */
  | { kind: 'stillQueued' }
  | { kind: 'hungUp' };

export async function requestCallback(
  call: RequestingCall,
  keys: CallerKeys,
  facts: CallbackNumberFacts,
): Promise<CallbackRequest> {
  // The key that asked belongs to the request; anything pressed with it does not.
  keys.clear();
  const own = ownCallbackNumber(call.caller, facts);
  if (own !== null) {
    const choice = await confirm(call, keys, own, facts.country);
    if (choice !== 'other') return finish(call, choice, own);
  }
  for (let tries = 0; tries < MAX_NUMBER_TRIES; tries++) {
    const typed = await typeNumber(call, keys);
    if (typed === 'hungUp') return { kind: 'hungUp' };
    if (typed === 'none') return finish(call, 'none', null);
    const checked = checkCallbackNumber(typed, facts);
    if (!checked.ok) {
      call.services.logger.info('callback: a number the organisation may not call was refused', {
        reason: checked.reason,
      });
      if ((await say(call, callbackPhrases.refused, false)) === 'hungUp') return { kind: 'hungUp' };
      continue;
    }
    const choice = await confirm(call, keys, checked.number, facts.country);
    if (choice !== 'other') return finish(call, choice, checked.number);
  }
  return finish(call, 'none', null);
}

type Choice = 'confirmed' | 'other' | 'none' | 'hungUp';

/** Reads the number back and waits for 1 (confirm) or 2 (another); other keys ask again, once. */
async function confirm(call: RequestingCall, keys: CallerKeys, number: string, country: string): Promise<Choice> {
  const question = confirmNumber(call.language, spokenNumberGroups(number, country));
  for (let asked = 0; asked < 2; asked++) {
    keys.clear();
    if ((await sayTo(call, 'caller', call.language, question, true)) === 'hungUp') return 'hungUp';
    const key = await keys.next(call.services.clock, ANSWER_TIMEOUT_MS, call.abort);
    if (call.abort.aborted) return 'hungUp';
    if (key === '1') return 'confirmed';
    if (key === '2') return 'other';
    if (key === null) return 'none';
  }
  return 'none';
}

/** "Ange numret …" and the digits up to `#` or a pause; `none` when nothing was typed. */
async function typeNumber(call: RequestingCall, keys: CallerKeys): Promise<string | 'none' | 'hungUp'> {
  keys.clear();
  if ((await say(call, callbackPhrases.askNumber, true)) === 'hungUp') return 'hungUp';
  let digits = '';
  for (;;) {
    const key = await keys.next(
      call.services.clock,
      digits === '' ? ANSWER_TIMEOUT_MS : INTER_DIGIT_TIMEOUT_MS,
      call.abort,
    );
    if (call.abort.aborted) return 'hungUp';
    if (key === null || key === '#') break;
    if (/^\d$/.test(key)) digits += key;
    if (digits.length >= MAX_TYPED_DIGITS) break;
  }
  return digits === '' ? 'none' : digits;
}

async function finish(call: RequestingCall, choice: Choice, number: string | null): Promise<CallbackRequest> {
  if (choice === 'hungUp') return { kind: 'hungUp' };
  if (choice === 'confirmed' && number !== null) {
    // Said whole: the switch hangs up after it, and the request stands even if the caller does first.
    await say(call, callbackPhrases.thanks, false);
    return { kind: 'confirmed', number };
  }
  if ((await say(call, callbackPhrases.stillQueued, false)) === 'hungUp') return { kind: 'hungUp' };
  return { kind: 'stillQueued' };
}

function say(call: RequestingCall, phrase: Record<Language, string>, bargeIn: boolean) {
  return sayTo(call, 'caller', call.language, phrase[call.language], bargeIn);
}
