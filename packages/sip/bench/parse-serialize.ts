/**
 * Rough throughput of the message layer: parse and serialize the RFC 4475 "wsinv" torture
 * INVITE and a plain OPTIONS, single-threaded. Run: npx tsx packages/sip/bench/parse-serialize.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../src/message/parser.ts';
import { serializeMessage } from '../src/message/serializer.ts';

const wsinv = readFileSync(fileURLToPath(new URL('../../../../shared/testdata/rfc4475/wsinv.dat', import.meta.url)));
const options = Buffer.from(
  'OPTIONS sip:bob@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\r\nMax-Forwards: 70\r\n' +
    'From: <sip:alice@example.com>;tag=1928301774\r\nTo: <sip:bob@example.com>\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\n' +
    'CSeq: 63104 OPTIONS\r\nContact: <sip:alice@192.0.2.1>\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n',
);

function measure(name: string, bytes: Buffer, iterations: number): void {
  for (let i = 0; i < 1000; i++) parseMessage(bytes, { transport: 'datagram' });
  let start = process.hrtime.bigint();
  let parsed;
  for (let i = 0; i < iterations; i++) parsed = parseMessage(bytes, { transport: 'datagram' });
  const parseNs = Number(process.hrtime.bigint() - start) / iterations;
  if (!parsed?.ok) throw new Error(`${name} did not parse`);
  start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) serializeMessage(parsed.message);
  const serializeNs = Number(process.hrtime.bigint() - start) / iterations;
  console.log(
    `${name.padEnd(8)} parse ${(parseNs / 1000).toFixed(1)} µs (${Math.round(1e9 / parseNs)}/s), serialize ${(serializeNs / 1000).toFixed(1)} µs (${Math.round(1e9 / serializeNs)}/s)`,
  );
}

measure('OPTIONS', options, 20_000);
measure('wsinv', wsinv, 10_000);
