import { describe, expect, it } from 'vitest';
import { createRequest } from './message.ts';
import { parseUri } from './uri.ts';
import { validateRequest } from './validate-request.ts';

function request(method: string, extra: Array<[string, string]> = [], body?: string) {
  return createRequest({
    method,
    uri: parseUri('sip:bob@example.com'),
    headers: [
      ['Via', 'SIP/2.0/UDP h;branch=z9hG4bK1'],
      ['From', '<sip:a@example.com>;tag=1'],
      ['To', '<sip:bob@example.com>'],
      ['Call-ID', 'v'],
      ['CSeq', `1 ${method}`],
      ['Max-Forwards', '70'],
      ...extra,
    ],
    ...(body !== undefined && { body }),
  });
}

describe('validateRequest', () => {
  const endpoint = { role: 'endpoint', allowedMethods: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'] } as const;

  it('accepts a well-formed request', () => {
    expect(validateRequest(request('OPTIONS'), endpoint)).toEqual({ ok: true });
  });

  it('answers a known but unsupported method with 405 and Allow (§8.2.1)', () => {
    expect(validateRequest(request('REGISTER'), endpoint)).toEqual({
      ok: false,
      status: 405,
      reason: 'Method Not Allowed',
      headers: [['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS']],
    });
  });

  it('answers an unsupported Require with 420 and Unsupported, but ignores Require on ACK (§8.2.2.3)', () => {
    const verdict = validateRequest(request('INVITE', [['Require', '100rel, timer']]), {
      ...endpoint,
      supportedExtensions: ['timer'],
    });
    expect(verdict).toMatchObject({ status: 420, headers: [['Unsupported', '100rel']] });
    expect(validateRequest(request('ACK', [['Require', '100rel']]), endpoint).ok).toBe(true);
  });

  it('answers a body of an unknown type with 415 and Accept (§8.2.3)', () => {
    const verdict = validateRequest(request('INVITE', [['Content-Type', 'application/x-foo']], 'x'), endpoint);
    expect(verdict).toMatchObject({ status: 415, headers: [['Accept', 'application/sdp']] });
  });

  it('lets a proxy refuse Max-Forwards 0 with 483 except for OPTIONS (§16.3)', () => {
    expect(validateRequest(request('INVITE'), { role: 'proxy' }).ok).toBe(true);
    const tooFar = request('INVITE');
    tooFar.headers.set('Max-Forwards', '0');
    expect(validateRequest(tooFar, { role: 'proxy' })).toMatchObject({ status: 483 });
    const options = request('OPTIONS');
    options.headers.set('Max-Forwards', '0');
    expect(validateRequest(options, { role: 'proxy' }).ok).toBe(true);
  });

  it('answers an unsupported Request-URI scheme with 416 (§8.2.2.1)', () => {
    const mailto = createRequest({
      method: 'OPTIONS',
      uri: parseUri('mailto:bob@example.com'),
      headers: [...request('OPTIONS').headers].map((h) => [h.name, h.value] as const),
    });
    expect(validateRequest(mailto, endpoint)).toMatchObject({ status: 416 });
  });
});
