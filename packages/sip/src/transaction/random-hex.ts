import { randomBytes, randomFillSync } from 'node:crypto';

/** Random bytes fetched at once: one call into the CSPRNG per 4 KiB instead of one per token. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let next = POOL_BYTES;

/**
 * `bytes` random bytes as lower-case hex, from the same CSPRNG as `crypto.randomBytes`, taken
 * from a pool filled 4 KiB at a time (as Node's `randomUUID` keeps one): a call's tags, branches
 * and Call-IDs were a dozen `randomBytes` calls, each its own buffer and trip into OpenSSL
 * (issue 11: 2.4 % of a call's set-up). No byte is handed out twice.
 */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (next + bytes > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const hex = pool.toString('hex', next, next + bytes);
  next += bytes;
  return hex;
}
