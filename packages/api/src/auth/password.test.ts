import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './password.ts';
import { hashToken, newToken, sameHash } from './tokens.ts';
import { sipHa1 } from './sipDigest.ts';

describe('console passwords', () => {
  it('verify against their own hash and not against another password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery!', stored)).toBe(false);
  });

  it('get a fresh salt each time, so equal passwords hash differently', async () => {
    expect(await hashPassword('same password 1')).not.toBe(await hashPassword('same password 1'));
  });

  it('refuse a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyAgainstNothing('x')).toBe(false);
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url, stored only as a SHA-256 hex digest', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hashToken(token), hashToken(token))).toBe(true);
    expect(sameHash(hashToken(token), hashToken(newToken()))).toBe(false);
  });
});

describe('SIP digest HA1', () => {
  it('is H(username:realm:password) in MD5 and SHA-256 (RFC 2617 §3.2.2.2 example)', () => {
    // RFC 2617's example: Mufasa / testrealm@host.com / Circle Of Life.
    expect(sipHa1('Mufasa', 'Circle Of Life', 'testrealm@host.com').md5).toBe('939e7578ed9e3c518a452acee763bce9');
    expect(sipHa1('alice', 'secret', 'vaxel').sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
