import { describe, expect, it } from 'vitest';
import { hashVoicemailPin, verifyVoicemailPin } from './voicemailPins.ts';

describe('voicemail PIN hashes', () => {
  it('hold no digits of the PIN and accept only that PIN', async () => {
    const hash = await hashVoicemailPin('482913');
    expect(hash).not.toContain('482913');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyVoicemailPin('482913', hash)).toBe(true);
    expect(await verifyVoicemailPin('482914', hash)).toBe(false);
  });

  it('differ for the same PIN (a salt each)', async () => {
    expect(await hashVoicemailPin('1234')).not.toBe(await hashVoicemailPin('1234'));
  });

  it('refuse anything that is not such a hash', async () => {
    expect(await verifyVoicemailPin('1234', '1234')).toBe(false);
  });
});
