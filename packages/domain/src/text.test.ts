import { describe, expect, it } from 'vitest';
import { DisplayName, DisplayText, PromptText, textProblem } from './text.ts';

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues[0]?.message;

describe('a display name', () => {
  it.each([['Kundtjänst'], ['Astrid Lind-Öberg'], ['Support 🎧 (24/7)'], ['שירות לקוחות\u200F'], ['O’Brien & Söner']])(
    'accepts %s',
    (name) => {
      expect(DisplayName.parse(name)).toBe(name);
    },
  );

  it('is trimmed and brought to Unicode NFC, so the same name typed two ways is one name', () => {
    expect(DisplayName.parse('  Va\u0308xel ')).toBe('Växel');
  });

  it.each([
    ['a lone high surrogate', 'Support \ud83c', /unpaired UTF-16 surrogate \(U\+D83C at character 9\)/],
    ['a lone low surrogate', '\udc00Sales', /unpaired UTF-16 surrogate \(U\+DC00 at character 1\)/],
    ['a bell character (C0)', 'Sa\u0007les', /control characters \(U\+0007 at character 3\)/],
    ['DEL', 'Sales\u007f!', /control characters \(U\+007F/],
    ['a C1 control character', 'Sales\u0085x', /control characters \(U\+0085/],
    ['a line break', 'Sales\nTeam', /single line \(a line break, U\+000A, at character 6\)/],
    ['a line separator', 'Sales\u2028Team', /single line/],
    [
      'a right-to-left override',
      'invoice\u202Efdp.exe',
      /bidirectional override or isolate characters \(U\+202E at character 8\)/,
    ],
    ['a left-to-right embedding', '\u202ASales', /U\+202A/],
    ['a first-strong isolate', 'Sales\u2068x', /U\+2068/],
    ['a pop directional isolate', 'Sales\u2069x', /U\+2069/],
    ['the replacement character', 'Kundtj\ufffdnst', /U\+FFFD \(at character 7\)/],
  ])('refuses %s with a message naming the character and where it is', (_label, name, message) => {
    const result = DisplayName.safeParse(name);
    expect(result.success).toBe(false);
    expect(messageOf(result)).toMatch(message);
  });

  it('counts characters, not UTF-16 code units, when it says where the problem is', () => {
    expect(textProblem('🎧🎧\u0007')).toMatch(/at character 3/);
  });

  it('must not be empty or longer than 200 characters', () => {
    expect(DisplayName.safeParse('   ').success).toBe(false);
    expect(DisplayName.safeParse('x'.repeat(201)).success).toBe(false);
    expect(DisplayName.safeParse('x'.repeat(200)).success).toBe(true);
  });
});

describe('display text that may be empty (an exception name)', () => {
  it('allows the empty string but not a control character', () => {
    expect(DisplayText.parse('')).toBe('');
    expect(DisplayText.safeParse('Midsommar\u0000').success).toBe(false);
  });
});

describe('prompt text (free text)', () => {
  it('keeps its line breaks', () => {
    expect(PromptText.parse('Welcome.\nPress 1 for sales.\r\nPress 2 for support.')).toBe(
      'Welcome.\nPress 1 for sales.\r\nPress 2 for support.',
    );
  });

  it.each([
    ['a tab', 'Press\t1'],
    ['a lone surrogate', 'Press \ud800 one'],
    ['a bidi override', 'Press \u202E1'],
    ['an escape character', 'Press \u001b[31m1'],
  ])('refuses %s', (_label, text) => {
    expect(PromptText.safeParse(text).success).toBe(false);
  });
});
