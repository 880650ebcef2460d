import { z } from 'zod';

/**
 * Text people see: names in the console's lists, spoken prompt texts. Some characters are valid
 * in a JavaScript string (and in JSON) but must not be stored in such text:
 *
 * - an unpaired UTF-16 surrogate cannot be written as UTF-8 at all; both databases would store it
 *   as U+FFFD, silently changing the text;
 * - U+FFFD itself is what a lossy decoder leaves where bytes were damaged, so it means the text
 *   was broken on its way here;
 * - C0 and C1 control characters (and DEL) display as nothing or as boxes, and a line break
 *   inside a name breaks every list and CSV it appears in; long free text may keep its newlines;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text
 *   display in another order than it is stored ("Trojan Source"), so a name could pass for
 *   another. The implicit marks U+200E/U+200F stay allowed: right-to-left names need them.
 */
export type TextRules = {
  /** Whether line breaks (LF, CR, U+2028, U+2029) are allowed: only in free text. */
  newlines: boolean;
};

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text by these rules, or null when nothing is. Positions count characters from 1. */
export function textProblem(text: string, rules: TextRules = { newlines: false }): string | null {
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position += 1;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return `contains an unpaired UTF-16 surrogate (${hex(code)} at character ${position}); send valid Unicode text`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      return `contains an unpaired UTF-16 surrogate (${hex(code)} at character ${position}); send valid Unicode text`;
    }
    const lineBreak = code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
    if (lineBreak && !rules.newlines) {
      return `must be a single line (a line break, ${hex(code)}, at character ${position})`;
    }
    if (!lineBreak && (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f))) {
      return `must not contain control characters (${hex(code)} at character ${position})`;
    }
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return (
        `must not contain bidirectional override or isolate characters (${hex(code)} at character ${position}): ` +
        'they make text display in another order than it is written'
      );
    }
    if (code === 0xfffd) {
      return `contains U+FFFD (at character ${position}), the mark left where text was damaged on its way here; type the text again`;
    }
  }
  return null;
}

/** A zod refinement applying {@link textProblem}; for fields that must not be trimmed or normalised (credentials, hosts). */
export function refuseUnsafeText(rules: TextRules = { newlines: false }) {
  return (text: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(text, rules);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * Single-line display text, possibly empty: trimmed and in Unicode NFC, so "Växel" typed on a Mac
 * (a + combining diaeresis) and on Windows is the same name.
 */
export const DisplayText = z
  .string()
  .trim()
  .overwrite((text) => text.normalize('NFC'))
  .superRefine(refuseUnsafeText({ newlines: false }));

/**
 * The one schema for every name people give things: users, teams, response groups, IVR menus,
 * audio files, organisations, trunks, administrators.
 */
export const DisplayName = DisplayText.min(1)
  .max(200)
  .describe('A name as shown in the console: one line, no control or bidi-override characters');
export type DisplayName = z.infer<typeof DisplayName>;

/** Multi-line free text, such as the text a prompt speaks: newlines allowed, other control characters not. */
export const FreeText = z
  .string()
  .trim()
  .overwrite((text) => text.normalize('NFC'))
  .superRefine(refuseUnsafeText({ newlines: true }));

/** What text-to-speech says (R20, R31, R41). */
export const PromptText = FreeText.min(1).max(2000).describe('Text for text-to-speech; newlines allowed');
