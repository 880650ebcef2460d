/**
 * Debian's rtpengine (`rtpengine-daemon`) as a side-by-side anchor for bench/relayCalls.ts, where
 * installed (the bench installs nothing: `apt-get install rtpengine-daemon`). Started in userspace
 * mode (`--table=-1`, no kernel forwarding) with one worker thread on loopback, and told of each
 * call over its ng control protocol: a cookie, a space and a bencoded dictionary over UDP. Per
 * call, an `offer` with the caller's SDP and an `answer` with the callee's; the answer's SDP says
 * where the caller sends. `delete` ends the call.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

export function rtpengineInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v rtpengine'], { stdio: 'ignore' }).status === 0;
}

/** Bencode (BEP 3) of what the ng protocol sends: strings, integers, lists, dictionaries. */
export function bencode(value: unknown): string {
  if (typeof value === 'number') return `i${Math.trunc(value)}e`;
  if (typeof value === 'string') return `${Buffer.byteLength(value)}:${value}`;
  if (Array.isArray(value)) return `l${value.map(bencode).join('')}e`;
  if (typeof value === 'object' && value !== null)
    return `d${Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => bencode(k) + bencode(v))
      .join('')}e`;
  throw new TypeError(`cannot bencode ${typeof value}`);
}

/** Decodes one bencoded value from `text` at `at`; returns it and where it ended. */
export function bdecode(text: Buffer, at = 0): [unknown, number] {
  const c = String.fromCharCode(text[at]!);
  if (c === 'i') {
    const end = text.indexOf(0x65, at);
    return [Number(text.toString('latin1', at + 1, end)), end + 1];
  }
  if (c === 'l' || c === 'd') {
    const items: unknown[] = [];
    let i = at + 1;
    while (text[i] !== 0x65) {
      const [item, next] = bdecode(text, i);
      items.push(item);
      i = next;
    }
    if (c === 'l') return [items, i + 1];
    const dict: Record<string, unknown> = {};
    for (let k = 0; k < items.length; k += 2) dict[String(items[k])] = items[k + 1];
    return [dict, i + 1];
  }
  const colon = text.indexOf(0x3a, at);
  const length = Number(text.toString('latin1', at, colon));
  return [text.toString('utf8', colon + 1, colon + 1 + length), colon + 1 + length];
}

const sdp = (port: number) =>
  [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');

export class Rtpengine {
  readonly #process: ChildProcess;
  readonly #control: Socket;
  readonly #port: number;
  readonly #pending = new Map<string, (reply: Record<string, unknown>) => void>();
  #calls: string[] = [];

  private constructor(process: ChildProcess, control: Socket, port: number) {
    this.#process = process;
    this.#control = control;
    this.#port = port;
    control.on('message', (message) => {
      const space = message.indexOf(0x20);
      const cookie = message.toString('latin1', 0, space);
      const [reply] = bdecode(message, space + 1);
      this.#pending.get(cookie)?.(reply as Record<string, unknown>);
      this.#pending.delete(cookie);
    });
  }

  get pid(): number {
    return this.#process.pid!;
  }

  static async start(controlPort: number, ports: { min: number; max: number }): Promise<Rtpengine> {
    const child = spawn(
      'rtpengine',
      [
        '--foreground',
        '--log-stderr',
        '--log-level=3',
        '--table=-1',
        '--num-threads=1',
        // A deleted call's ports are freed at once (the default keeps them 30 s), so runs back to back fit the range.
        '--delete-delay=0',
        '--interface=127.0.0.1',
        `--listen-ng=127.0.0.1:${controlPort}`,
        `--port-min=${ports.min}`,
        `--port-max=${ports.max}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr!.on('data', (d: Buffer) => (errors = (errors + d.toString()).slice(-2000)));
    const control = createSocket('udp4');
    await new Promise<void>((resolve) => control.bind(0, '127.0.0.1', resolve));
    const engine = new Rtpengine(child, control, controlPort);
    for (let attempt = 0; ; attempt++) {
      const pong = await Promise.race([
        engine.#ask({ command: 'ping' }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 200)),
      ]);
      if (pong?.result === 'pong') return engine;
      if (attempt > 50 || child.exitCode !== null) {
        child.kill();
        control.close();
        throw new Error(`rtpengine did not answer on its ng port:\n${errors}`);
      }
    }
  }

  /**
   * Opens `pairs` calls between the caller's port and the callee's (both on 127.0.0.1); returns
   * each call's port the caller sends to.
   */
  async open(pairs: number, callerPort: number, calleePort: number): Promise<number[]> {
    const ports: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const callId = `bench-${i}-${randomBytes(4).toString('hex')}`;
      const offer = await this.#ask({
        command: 'offer',
        'call-id': callId,
        'from-tag': 'caller',
        sdp: sdp(callerPort),
      });
      if (offer.result !== 'ok') throw new Error(`rtpengine refused the offer: ${JSON.stringify(offer)}`);
      const answer = await this.#ask({
        command: 'answer',
        'call-id': callId,
        'from-tag': 'caller',
        'to-tag': 'callee',
        sdp: sdp(calleePort),
      });
      const port = /m=audio (\d+)/.exec(String(answer.sdp ?? ''))?.[1];
      if (answer.result !== 'ok' || !port) throw new Error(`rtpengine refused the answer: ${JSON.stringify(answer)}`);
      ports.push(Number(port));
      this.#calls.push(callId);
    }
    return ports;
  }

  async closeCalls(): Promise<void> {
    for (const callId of this.#calls.splice(0))
      await this.#ask({ command: 'delete', 'call-id': callId, 'from-tag': 'caller' });
  }

  async stop(): Promise<void> {
    await this.closeCalls().catch(() => undefined);
    this.#process.kill();
    this.#control.close();
  }

  #ask(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const cookie = randomBytes(6).toString('hex');
    return new Promise((resolve) => {
      this.#pending.set(cookie, resolve);
      this.#control.send(`${cookie} ${bencode(message)}`, this.#port, '127.0.0.1');
    });
  }
}
