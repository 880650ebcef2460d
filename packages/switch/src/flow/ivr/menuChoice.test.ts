import { defaultIvrAdvancedSettings, type IvrMenu } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { menuChoice, menuEntry } from './menuChoice.ts';

const menu = (allowExtensionDialling: boolean): IvrMenu => ({
  id: 'm1',
  organisationId: 'o1',
  name: 'Main',
  number: null,
  billingNumber: null,
  prompts: [{ type: 'tts', text: 'Welcome', language: 'en-GB' }],
  keys: { '1': { type: 'user', userId: 'sales' }, '#': { type: 'repeatMenu' } },
  openingHours: null,
  closedPrompt: null,
  closedDestination: { type: 'hangup' },
  advanced: { ...defaultIvrAdvancedSettings('en'), inputTimeoutSeconds: 7, allowExtensionDialling },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const extensions = new Map([
  ['100', 'u100'],
  ['1002', 'u1002'],
  ['2001', 'u2001'],
]);

describe('menuChoice', () => {
  it('takes a key of the map to its destination', () => {
    expect(menuChoice(menu(false), extensions, { digits: '1', endedBy: 'maxDigits' })).toEqual({
      kind: 'key',
      key: '1',
      destination: { type: 'user', userId: 'sales' },
    });
  });

  it('calls a key the map lacks invalid', () => {
    expect(menuChoice(menu(false), extensions, { digits: '7', endedBy: 'maxDigits' })).toEqual({
      kind: 'invalid',
      digits: '7',
    });
  });

  it('calls an entry with no digits no input', () => {
    expect(menuChoice(menu(true), extensions, { digits: '', endedBy: 'timeout' })).toEqual({ kind: 'noInput' });
  });

  it('takes # pressed first as the # key, although # also ends an extension', () => {
    expect(menuChoice(menu(true), extensions, { digits: '', endedBy: 'terminator', terminator: '#' })).toMatchObject({
      kind: 'key',
      key: '#',
    });
  });

  it('rings the user whose extension was dialled when the menu allows it', () => {
    expect(menuChoice(menu(true), extensions, { digits: '2001', endedBy: 'complete' })).toEqual({
      kind: 'extension',
      extension: '2001',
      userId: 'u2001',
    });
  });

  it('calls an extension invalid when the menu does not allow dialling them', () => {
    expect(menuChoice(menu(false), extensions, { digits: '2001', endedBy: 'complete' })).toEqual({
      kind: 'invalid',
      digits: '2001',
    });
  });

  it('calls digits that are nobody’s extension invalid', () => {
    expect(menuChoice(menu(true), extensions, { digits: '1009', endedBy: 'maxDigits' })).toEqual({
      kind: 'invalid',
      digits: '1009',
    });
  });

  it('takes a lone key that also begins extensions as the key once the entry ended', () => {
    expect(menuChoice(menu(true), extensions, { digits: '1', endedBy: 'timeout' })).toMatchObject({
      kind: 'key',
      key: '1',
    });
  });
});

describe('menuEntry', () => {
  it('reads one key within the input timeout when extensions cannot be dialled', () => {
    expect(menuEntry(menu(false), extensions, 3000)).toEqual({
      firstDigitTimeoutMs: 7000,
      interDigitTimeoutMs: 3000,
      maxDigits: 1,
    });
  });

  it('with extension dialling, reads up to the longest extension and ends with #', () => {
    const entry = menuEntry(menu(true), extensions, 3000);
    expect(entry).toMatchObject({
      firstDigitTimeoutMs: 7000,
      interDigitTimeoutMs: 3000,
      maxDigits: 4,
      terminators: ['#'],
    });
  });

  it('decides at once when no extension begins with the digits, and waits while a longer one could follow', () => {
    const complete = menuEntry(menu(true), extensions, 3000).complete!;
    expect(complete('3')).toBe(true);
    expect(complete('1')).toBe(false);
    expect(complete('100')).toBe(false); // 1002 could follow
    expect(complete('1002')).toBe(true);
    expect(complete('2')).toBe(false);
  });
});
