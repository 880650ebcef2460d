/**
 * What the caller chose in an IVR menu (R21, R23), from the digits collected: pure rules, so
 * every branch has a unit test without media or time.
 */
import type { Destination, IvrMenu, MenuKey } from '@vaxel/domain';
import type { CollectedDigits, DigitCollection } from '../collectDigits.ts';

/** The organisation's extensions: extension → user id. */
export type Extensions = ReadonlyMap<string, string>;

export type MenuChoice =
  /** A key of the key map. */
  | { kind: 'key'; key: MenuKey; destination: Destination }
  /** R23: an internal extension dialled directly, when the menu allows it. */
  | { kind: 'extension'; extension: string; userId: string }
  /** A key the map does not have, or digits that are no extension. */
  | { kind: 'invalid'; digits: string }
  /** Nothing pressed within the input timeout. */
  | { kind: 'noInput' };

/** Digits that end an extension entry early (“dial the extension, then #”). */
export const EXTENSION_TERMINATOR = '#';

/**
 * How the menu reads an entry. Without extension dialling one key decides, waiting
 * `inputTimeoutSeconds` for it. With it, a first digit that begins an extension waits for more
 * (each within `interDigitTimeoutMs`) until the digits name an extension no longer one begins
 * with, `#` ends them, or the time runs out; so a key that also begins an extension is taken
 * only after that pause. A first digit no extension begins with is decided at once.
 */
export function menuEntry(menu: IvrMenu, extensions: Extensions, interDigitTimeoutMs: number): DigitCollection {
  const firstDigitTimeoutMs = menu.advanced.inputTimeoutSeconds * 1000;
  if (!menu.advanced.allowExtensionDialling || extensions.size === 0) {
    return { firstDigitTimeoutMs, interDigitTimeoutMs, maxDigits: 1 };
  }
  const all = [...extensions.keys()];
  const maxDigits = Math.max(1, ...all.map((e) => e.length));
  const complete = (digits: string) => !all.some((e) => e.length > digits.length && e.startsWith(digits));
  return { firstDigitTimeoutMs, interDigitTimeoutMs, maxDigits, terminators: [EXTENSION_TERMINATOR], complete };
}

const isMenuKey = (digits: string): digits is MenuKey => /^[0-9*#]$/.test(digits);

/** The caller's choice from one collected entry (not for an aborted one). */
export function menuChoice(menu: IvrMenu, extensions: Extensions, collected: CollectedDigits): MenuChoice {
  // A terminator pressed first is the key itself (# in the key map), not the end of an entry.
  const digits = collected.digits === '' && collected.terminator ? collected.terminator : collected.digits;
  if (digits === '') return { kind: 'noInput' };
  if (isMenuKey(digits)) {
    const destination = menu.keys[digits];
    if (destination) return { kind: 'key', key: digits, destination };
  }
  if (menu.advanced.allowExtensionDialling) {
    const userId = extensions.get(digits);
    if (userId !== undefined) return { kind: 'extension', extension: digits, userId };
  }
  return { kind: 'invalid', digits };
}
