import { RuleViolation } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('keyset cursor', () => {
  it('gives back the key it was made from, in URL-safe characters', () => {
    const key = { at: '2026-01-01T10:00:00.000Z', id: '5f0c…/+=' };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('refuses text that is not one of its cursors, naming the cursor field', () => {
    for (const bad of [
      '',
      'not-a-cursor',
      Buffer.from('{"at":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(RuleViolation);
    }
    expect(() => decodeCursor('@@@')).toThrow(/cursor/);
  });
});
