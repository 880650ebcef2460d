/**
 * Seeded mutation fuzzing: thousands of corrupted variants of real messages go through the
 * parser and the validators. Each must yield a result or a SipParseError, never another throw.
 */
import { readFileSync } from 'node:fs';
import { findTestdata } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { StreamFramer } from '../transport/stream-framer.ts';
import { SipParseError } from './errors.ts';
import { parseMessage } from './parser.ts';
import { validateRequest } from './validate-request.ts';
import { validateResponse } from './validate-response.ts';

const DIR = findTestdata('rfc4475');
const SEEDS = DIR
  ? ['wsinv.dat', 'esc01.dat', 'longreq.dat', 'unreason.dat', 'regescrt.dat', 'mpart01.dat'].map((name) =>
      readFileSync(`${DIR}/${name}`),
    )
  : [];
const INTERESTING = [
  '\r\n',
  ' ',
  ':',
  ';',
  ',',
  '"',
  '<',
  '>',
  '%',
  '@',
  '=',
  '\\',
  '\r\n ',
  '\u0000',
  '\u00ff',
  'SIP/2.0',
  '999999999999',
].map((s) => Buffer.from(s, 'latin1'));

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(input: Buffer, random: () => number): Buffer {
  let bytes = Buffer.from(input);
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * bytes.length);
    const choice = random();
    if (choice < 0.3) bytes[at] = Math.floor(random() * 256);
    else if (choice < 0.5)
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + Math.floor(random() * 20))]);
    else if (choice < 0.8)
      bytes = Buffer.concat([
        bytes.subarray(0, at),
        INTERESTING[Math.floor(random() * INTERESTING.length)]!,
        bytes.subarray(at),
      ]);
    else bytes = bytes.subarray(0, at);
  }
  return bytes;
}

describe.skipIf(!DIR)('parser under mutation', () => {
  it('answers 3000 corrupted messages with a result or a SipParseError', () => {
    const random = prng(4475);
    for (let i = 0; i < 3000; i++) {
      const input = mutate(SEEDS[i % SEEDS.length]!, random);
      try {
        const parsed = parseMessage(input, { transport: 'datagram' });
        if (parsed.ok) {
          if (parsed.message.kind === 'request')
            validateRequest(parsed.message, { role: 'endpoint', allowedMethods: ['INVITE', 'OPTIONS'] });
          else validateResponse(parsed.message, 'endpoint');
        }
        new StreamFramer(4096).push(input);
      } catch (error) {
        expect(error, `case ${i}: ${input.toString('latin1').slice(0, 80)}`).toBeInstanceOf(SipParseError);
      }
    }
  });
});
