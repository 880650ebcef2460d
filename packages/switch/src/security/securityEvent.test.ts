import { describe, expect, it } from 'vitest';
import { formatSecurityEvent } from './securityEvent.ts';

describe('a security event as a log line', () => {
  it('starts with the event and the source, then the details as key=value', () => {
    expect(
      formatSecurityEvent({ type: 'auth_failure', source: '203.0.113.7', user: 'alice', method: 'REGISTER' }),
    ).toBe('vaxel-sip-security event=auth_failure source=203.0.113.7 user=alice method=REGISTER');
  });

  it('keeps an IPv6 source whole and percent-encodes a username with spaces, quotes or equals signs', () => {
    expect(formatSecurityEvent({ type: 'auth_failure', source: '2001:db8::1', user: 'a b"=c', method: 'INVITE' })).toBe(
      'vaxel-sip-security event=auth_failure source=2001:db8::1 user=a%20b%22%3Dc method=INVITE',
    );
  });

  it('writes a missing user as a dash', () => {
    expect(
      formatSecurityEvent({
        type: 'toll_refused',
        source: '127.0.0.1',
        organisationId: 'o1',
        user: null,
        number: '+88112345',
        reason: 'satellite_not_allowed',
      }),
    ).toBe(
      'vaxel-sip-security event=toll_refused source=127.0.0.1 organisationId=o1 user=- number=+88112345 reason=satellite_not_allowed',
    );
  });
});
