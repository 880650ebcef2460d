import { createHash } from 'node:crypto';

/** The digest realm of every Växel SIP account. */
export const sipRealm = 'vaxel';

/**
 * RFC 3261 §22.4 / RFC 7616 §3.4.2: HA1 = H(username ":" realm ":" password). Storing HA1 for
 * both MD5 and SHA-256 lets the registrar challenge with either algorithm without ever keeping
 * the SIP password itself.
 */
export function sipHa1(username: string, password: string, realm = sipRealm): { md5: string; sha256: string } {
  const input = `${username}:${realm}:${password}`;
  return {
    md5: createHash('md5').update(input, 'utf8').digest('hex'),
    sha256: createHash('sha256').update(input, 'utf8').digest('hex'),
  };
}
