/**
 * Where a call's post-dial delay goes (issue 11: "post-dial delay p99 < 20 ms"): calls at a low
 * rate from sipp as Alice to sipp as Bob's phone through the switch in its own process (as in
 * bench/switchCalls.ts), both sipps tracing every message with its time (-trace_msg). Each call's
 * delay — sipp's response time, from Alice's first INVITE to the 200 — is cut into its legs:
 *   1. the challenge: Alice's INVITE → the switch's stateless 407;
 *   2. Alice (sipp) from the 407 to her INVITE with credentials (ACK first);
 *   3. the switch from that INVITE to its INVITE to Bob (digest check, routing, call-log record,
 *      media ports);
 *   4. Bob (sipp) from that INVITE to his 200 (180, then a 0-ms pause);
 *   5. the switch from Bob's 200 to Alice's 200.
 * Bob's INVITE is matched to Alice's call by time: calls start `1 / rate` s apart and set up in
 * milliseconds, so at the default 10 calls/s one call's set-up never overlaps the next one's.
 *
 *   node_modules/.bin/tsx bench/postDialDelay.ts [--calls 300] [--rate 10] [--hold 200]
 *
 * Writes the table into bench/README.md between the postDialDelay markers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { until } from '@vaxel/testing';
import { calleeArgs, callerArgs, machineDescription, registerArgs, writeReadmeSection } from './benchSwitch.ts';
import { quantile, sipp } from './sippLoad.ts';
import { startSwitch } from './switchChild.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '300' },
    rate: { type: 'string', default: '10' },
    hold: { type: 'string', default: '200' },
  },
});
const calls = Number(values.calls);
const rate = Number(values.rate);
const holdMs = Number(values.hold);

// Outside the ranges the tests hand out and the other benches use.
let port = 44000;
const nextPort = () => (port += 2);

/** One SIP message from a sipp -trace_msg log: when, which way, its start line, Call-ID and CSeq. */
export interface TracedMessage {
  atMs: number;
  sent: boolean;
  startLine: string;
  callId: string;
  cseq: string;
}

/**
 * Reads a sipp -trace_msg log: each message comes after a line of dashes that ends in its date
 * and time (`----- 2026-12-03\t14:20:01.123456`), then "UDP message sent" or "… received".
 */
export function parseMessageLog(text: string): TracedMessage[] {
  const messages: TracedMessage[] = [];
  for (const block of text.split(/^-{20,}\s+/m).slice(1)) {
    const lines = block.split(/\r?\n/);
    const stamp = /^(\d{4}-\d{2}-\d{2})\s+(\d{2}):(\d{2}):(\d{2}\.\d+)/.exec(lines[0] ?? '');
    const direction = lines[1] ?? '';
    if (!stamp || !/message (sent|received)/.test(direction)) continue;
    const [, date, h, m, s] = stamp;
    const atMs = Date.parse(`${date}T00:00:00Z`) + ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    const sip = lines.slice(2).filter((line) => line.trim() !== '');
    const header = (name: string) =>
      sip.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.replace(/^[^:]+:\s*/, '') ?? '';
    messages.push({
      atMs,
      sent: direction.includes('sent'),
      startLine: sip[0] ?? '',
      callId: header('Call-ID'),
      cseq: header('CSeq'),
    });
  }
  return messages;
}

function readLog(dir: string): TracedMessage[] {
  const file = readdirSync(dir).find((f) => f.endsWith('_messages.log'));
  return file ? parseMessageLog(readFileSync(join(dir, file), 'utf8')) : [];
}

interface CallLegs {
  challenge: number;
  aliceRetry: number;
  switchToBob: number;
  bobAnswer: number;
  switchToAlice: number;
  total: number;
}

const LEGS: Array<[keyof CallLegs, string]> = [
  ['challenge', "1. INVITE → the switch's 407"],
  ['aliceRetry', '2. Alice (sipp): 407 → INVITE with credentials'],
  ['switchToBob', "3. the switch: Alice's INVITE → its INVITE to Bob"],
  ['bobAnswer', '4. Bob (sipp): INVITE → 200'],
  ['switchToAlice', "5. the switch: Bob's 200 → Alice's 200"],
  ['total', "post-dial delay: Alice's first INVITE → her 200"],
];

/** Cuts each of Alice's calls into its legs, Bob's side matched by time. */
export function callLegs(alice: TracedMessage[], bob: TracedMessage[]): CallLegs[] {
  const byCall = new Map<string, TracedMessage[]>();
  for (const message of alice) byCall.set(message.callId, [...(byCall.get(message.callId) ?? []), message]);
  const bobInvites = bob.filter((m) => !m.sent && m.startLine.startsWith('INVITE '));
  const legs: CallLegs[] = [];
  for (const messages of byCall.values()) {
    const first = messages.find((m) => m.sent && m.startLine.startsWith('INVITE ') && m.cseq.startsWith('1 '));
    const challenge = messages.find((m) => !m.sent && m.startLine.startsWith('SIP/2.0 407') && m.cseq.startsWith('1 '));
    const retry = messages.find((m) => m.sent && m.startLine.startsWith('INVITE ') && m.cseq.startsWith('2 '));
    const answered = messages.find((m) => !m.sent && m.startLine.startsWith('SIP/2.0 200') && m.cseq.startsWith('2 '));
    if (!first || !challenge || !retry || !answered) continue;
    const bobInvite = bobInvites.find((m) => m.atMs >= retry.atMs && m.atMs <= answered.atMs);
    if (!bobInvite) continue;
    const bobOk = bob.find((m) => m.sent && m.callId === bobInvite.callId && m.startLine.startsWith('SIP/2.0 200'));
    if (!bobOk) continue;
    legs.push({
      challenge: challenge.atMs - first.atMs,
      aliceRetry: retry.atMs - challenge.atMs,
      switchToBob: bobInvite.atMs - retry.atMs,
      bobAnswer: bobOk.atMs - bobInvite.atMs,
      switchToAlice: answered.atMs - bobOk.atMs,
      total: answered.atMs - first.atMs,
    });
  }
  return legs;
}

async function main(): Promise<void> {
  const sw = await startSwitch(nextPort());
  try {
    const bobPort = nextPort();
    const registration = await sipp(registerArgs('bob', sw.password, bobPort, sw.target)).done;
    if (registration.successful !== 1) throw new Error(`registration of bob failed:\n${registration.output}`);
    let bobLog: TracedMessage[] = [];
    let aliceLog: TracedMessage[] = [];
    const bob = sipp([...calleeArgs(calls, bobPort, nextPort()), '-trace_msg'], {}, '127.0.0.1', (dir) => {
      bobLog = readLog(dir);
    });
    await untilBound(bobPort);
    const alice = await sipp(
      [
        ...callerArgs({
          calls,
          rate,
          limit: Math.max(10, Math.ceil(rate * (holdMs / 1000 + 1))),
          holdMs,
          password: sw.password,
          port: nextPort(),
          target: sw.target,
          timeoutSeconds: Math.ceil(calls / rate + holdMs / 1000) + 30,
          rtpPort: nextPort(),
        }),
        '-trace_msg',
      ],
      {},
      '127.0.0.1',
      (dir) => {
        aliceLog = readLog(dir);
      },
    ).done;
    const stop = setTimeout(() => bob.kill(), 5_000);
    await bob.done;
    clearTimeout(stop);
    await until('the switch to end its calls', async () => (await sw.stats()).calls === 0, {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const legs = callLegs(aliceLog, bobLog);
    const rtd = [...alice.rtt].sort((a, b) => a - b);
    const row = ([key, name]: [keyof CallLegs, string]) => {
      const sorted = legs.map((l) => l[key]).sort((a, b) => a - b);
      const f = (q: number) => quantile(sorted, q).toFixed(2);
      return `| ${name} | ${f(0.5)} | ${f(0.9)} | ${f(0.99)} | ${sorted.at(-1)!.toFixed(2)} |`;
    };
    const section = [
      '## Post-dial delay, leg by leg',
      '',
      `\`node_modules/.bin/tsx bench/postDialDelay.ts --calls ${calls} --rate ${rate} --hold ${holdMs}\``,
      `— ${machineDescription()}, measured ${new Date().toISOString().slice(0, 16)}Z. ${alice.successful} of ${calls} calls answered, ` +
        `${legs.length} cut into legs from both sipps' message traces (-trace_msg, µs stamps); sipp's own response time ` +
        `(-trace_rtt, ms) p50 ${quantile(rtd, 0.5)} / p99 ${quantile(rtd, 0.99)} ms.`,
      '',
      '| leg | p50 ms | p90 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      ...LEGS.map(row),
    ].join('\n');
    console.log(section);
    writeReadmeSection('postDialDelay', section);
  } finally {
    await sw.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
