/**
 * Stateless, signed nonces: base64url( issuedAt(8 bytes, ms) | random(8) | HMAC-SHA256(secret,
 * issuedAt | random | realm | client)[0..16] ). A server can tell its own nonces from forged ones and
 * how old they are without remembering them (RFC 2617 §3.2.1 suggests a time-stamped nonce:
 * "nonce = time-stamp H(time-stamp ":" ETag ":" private-key)", and notes that the client's IP
 * address may be included). `client` (the requester's address, or '' when unknown) binds a nonce to
 * whoever asked for it: a nonce fetched from one address is not ours when answered from another,
 * so an attacker cannot fetch valid nonces and spend them in packets spoofed from a victim's address.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type NonceCheck = { readonly valid: false } | { readonly valid: true; readonly issuedAt: number };

const MAC_LENGTH = 16;

export function createNonce(secret: Buffer, realm: string, now: number, client = ''): string {
  const head = Buffer.alloc(16);
  head.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))), 0);
  randomBytes(8).copy(head, 8);
  return Buffer.concat([head, mac(secret, head, realm, client)]).toString('base64url');
}

export function checkNonce(secret: Buffer, realm: string, nonce: string, client = ''): NonceCheck {
  if (!/^[A-Za-z0-9_-]{43}$/.test(nonce)) return { valid: false };
  const bytes = Buffer.from(nonce, 'base64url');
  if (bytes.length !== 16 + MAC_LENGTH) return { valid: false };
  const head = bytes.subarray(0, 16);
  if (!timingSafeEqual(bytes.subarray(16), mac(secret, head, realm, client))) return { valid: false };
  return { valid: true, issuedAt: Number(head.readBigUInt64BE(0)) };
}

function mac(secret: Buffer, head: Buffer, realm: string, client: string): Buffer {
  // Lengths first, so that no realm/client split can collide with another.
  const lengths = Buffer.alloc(4);
  lengths.writeUInt16BE(Buffer.byteLength(realm), 0);
  lengths.writeUInt16BE(Buffer.byteLength(client), 2);
  return createHmac('sha256', secret)
    .update(head)
    .update(lengths)
    .update(realm, 'utf8')
    .update(client, 'utf8')
    .digest()
    .subarray(0, MAC_LENGTH);
}
