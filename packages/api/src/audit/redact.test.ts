import { describe, expect, it } from 'vitest';
import { collectSecrets, isSecretKey, redactSecrets, redacted, secretPaths } from './redact.ts';

describe('secret keys', () => {
  it('are the names of passwords, tokens, secrets, hashes and credentials, in any case and inside longer names', () => {
    const secret = [
      'password',
      'sipPassword',
      'currentPassword',
      'newPassword',
      'token',
      'tokenHash',
      'secret',
      'clientSecret',
      'ha1',
      'sipHa1Md5',
      'hash',
      'passwordHash',
      'authorization',
      'Authorization',
      'cookie',
      'apiKey',
    ];
    expect(secret.filter((k) => !isSecretKey(k))).toEqual([]);
    expect(['name', 'email', 'number', 'url', 'extension', 'sipUsername'].filter(isSecretKey)).toEqual([]);
  });

  it('include a voicemail PIN, as a whole word only', () => {
    expect(['pin', 'newPin', 'voicemailPin'].filter((k) => !isSecretKey(k))).toEqual([]);
    expect(['mapping', 'spinner', 'pinned'].filter(isSecretKey)).toEqual([]);
    expect(redactSecrets({ hasPin: true, pin: '482913' })).toEqual({ hasPin: true, pin: redacted });
  });
});

describe('redacting a document', () => {
  it('replaces values under secret keys at any depth, inside arrays too', () => {
    const doc = {
      name: 'Carrier',
      password: 'trunk-secret-1',
      nested: { deeper: [{ sipHa1Md5: 'abcdef0123456789' }] },
    };
    expect(redactSecrets(doc)).toEqual({
      name: 'Carrier',
      password: redacted,
      nested: { deeper: [{ sipHa1Md5: redacted }] },
    });
  });

  it('replaces a whole secret object, whatever its shape', () => {
    expect(redactSecrets({ secret: { value: 'x', parts: ['a', 'b'] } })).toEqual({ secret: redacted });
  });

  it('keeps booleans and nulls under secret keys: they tell that a secret is set, not what it is', () => {
    expect(redactSecrets({ hasSipPassword: true, hasPassword: false, password: null })).toEqual({
      hasSipPassword: true,
      hasPassword: false,
      password: null,
    });
  });

  it("also blanks any string containing a secret, such as an invitation's link with its token", () => {
    const response = {
      id: 'u1',
      invitation: {
        token: 'tok_ABCDEFGHIJKLMNOP',
        url: 'https://pbx.example/invite/tok_ABCDEFGHIJKLMNOP',
        expiresAt: '2026-01-08T00:00:00.000Z',
      },
    };
    expect(redactSecrets(response)).toEqual({
      id: 'u1',
      invitation: { token: redacted, url: redacted, expiresAt: '2026-01-08T00:00:00.000Z' },
    });
  });

  it('blanks strings containing secrets known from elsewhere (the request body), but not short common text', () => {
    expect(redactSecrets({ note: 'set to hunter2-long-secret' }, ['hunter2-long-secret'])).toEqual({ note: redacted });
    expect(redactSecrets({ name: 'Sales' }, ['abc'])).toEqual({ name: 'Sales' });
  });

  it('walks a junk body nested thousands deep without overflowing, and keeps no secret from its depths', () => {
    let deep: unknown = { password: 'buried-secret-123' };
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(collectSecrets(deep)).toEqual([]);
    expect(JSON.stringify(redactSecrets(deep))).not.toContain('buried-secret-123');
    expect(secretPaths({ a: deep })).toEqual([]);
  });

  it('leaves the original untouched', () => {
    const doc = { password: 'p4ssword-long' };
    redactSecrets(doc);
    expect(doc.password).toBe('p4ssword-long');
  });
});

describe('secrets of a request body', () => {
  it('are found with their values and their paths', () => {
    const body = {
      name: 'Lena',
      sipPassword: 'sip-secret-123456',
      login: { password: 'console-pass-123' },
      hasSipPassword: true,
    };
    expect(collectSecrets(body).sort()).toEqual(['console-pass-123', 'sip-secret-123456']);
    expect(secretPaths(body)).toEqual(['sipPassword', 'login.password']);
    expect(secretPaths(undefined)).toEqual([]);
  });
});
