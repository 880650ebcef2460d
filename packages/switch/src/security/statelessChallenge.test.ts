import { createRequest, parseUri } from '@vaxel/sip';
import { describe, expect, it } from 'vitest';
import { statelessChallenge } from './statelessChallenge.ts';

const issuedTo: string[] = [];
const issuer = {
  proxyChallenge: (client: string) => {
    issuedTo.push(client);
    return [['Proxy-Authenticate', 'Digest realm="vaxel", nonce="n1", algorithm=MD5, qop="auth"']] as const;
  },
};
const stranger = { address: '127.0.0.5', isTrunk: false };
const trunk = { address: '127.0.0.2', isTrunk: true };

function invite(extra: Array<[string, string]> = [], toTag = '', method = 'INVITE') {
  return createRequest({
    method,
    uri: parseUri('sip:1002@127.0.0.1'),
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.5:5060;branch=z9hG4bKs1'],
      ['From', '<sip:1001@127.0.0.1>;tag=f'],
      ['To', `<sip:1002@127.0.0.1>${toTag}`],
      ['Call-ID', 'c1'],
      ['CSeq', `1 ${method}`],
      ['Max-Forwards', '70'],
      ...extra,
    ],
  });
}

describe('the stateless challenge', () => {
  it('answers an initial INVITE without credentials with a 407 carrying the challenge and a To tag', () => {
    const response = statelessChallenge(invite(), stranger, issuer);
    expect(response?.status).toBe(407);
    // The nonce is issued to the INVITE's source, the only address it will be accepted from.
    expect(issuedTo.at(-1)).toBe('127.0.0.5');
    expect(response?.headers.get('Proxy-Authenticate')).toContain('nonce="n1"');
    expect(response?.headers.get('To')).toMatch(/;tag=\w+/);
    expect(response?.headers.get('Via')).toBe('SIP/2.0/UDP 127.0.0.5:5060;branch=z9hG4bKs1');
  });

  it("leaves to the transaction: an INVITE with credentials, a trunk's, a re-INVITE, and other methods", () => {
    expect(
      statelessChallenge(invite([['Proxy-Authorization', 'Digest username="1001"']]), stranger, issuer),
    ).toBeUndefined();
    expect(statelessChallenge(invite(), trunk, issuer)).toBeUndefined();
    expect(statelessChallenge(invite([], ';tag=t'), stranger, issuer)).toBeUndefined();
    expect(statelessChallenge(invite([], '', 'OPTIONS'), stranger, issuer)).toBeUndefined();
  });
});
