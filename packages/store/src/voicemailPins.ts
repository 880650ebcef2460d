import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/**
 * Voicemail PINs are kept only as scrypt hashes (RFC 7914) with a random salt per PIN, in the
 * api's password format `scrypt$N$r$p$salt$hash` (base64url). The api sets them and the switch
 * checks them, so the one implementation lives with the store both of them reach. A PIN has at
 * most 10^8 values, so the hash alone would not hold out against someone with the database; the
 * throttle (domain voicemailPinThrottle) guards the phone, and the cost slows an offline search.
 */
const params = { N: 16384, r: 8, p: 1 } as const;
const keyLength = 32;

function scrypt(pin: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(pin, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashVoicemailPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyVoicemailPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
