/**
 * How long a datagram waits in a UDP socket's kernel queue before it is read (issue 11, overload):
 * an INVITE's wait there is post-dial delay, and past T1 (500 ms, RFC 3261 §17.1.1.2) its sender
 * retransmits into the same queue. Neither the event loop's delay nor its utilisation shows it:
 * under a backlog the loop goes round every few milliseconds (libuv reads 32 datagrams per turn),
 * and a saturated loop looks the same whether its queue holds ten datagrams or ten thousand.
 *
 * So the socket is asked directly, CoDel's way (RFC 8289: measure the sojourn time): every
 * `intervalMs` a probe socket of our own sends the SIP socket a datagram stamped with when it was
 * sent and a per-process secret, and the transport hands every datagram from the probe's port to
 * `recognise` before anything else. The delay is the last probe's time in the queue — or, while a
 * probe is still on its way, the time it has waited so far, so a growing queue shows before the
 * probe comes out. A datagram without the secret is not a probe (a stranger's, read as any other).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

const MAGIC = Buffer.from('vaxel-queue-probe');
const SECRET_BYTES = 16;
const PROBE_BYTES = MAGIC.length + SECRET_BYTES + 8;

export interface ReceiveDelayProbeOptions {
  /** The socket measured: where the probes go (its bound address; a wildcard one is reached on loopback). */
  target: { address: string; port: number };
  /** How often a probe is sent (default 100 ms). */
  intervalMs?: number;
  /** A monotonic clock in ms (default performance.now). */
  now?: () => number;
}

export class ReceiveDelayProbe {
  readonly #options: ReceiveDelayProbeOptions;
  readonly #now: () => number;
  readonly #secret = randomBytes(SECRET_BYTES);
  #socket: Socket | undefined;
  #port = -1;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** When the probe on its way was sent, or null when none is. */
  #outstandingSince: number | null = null;
  #lastDelayMs = 0;

  constructor(options: ReceiveDelayProbeOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    const target = this.#target();
    const socket = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.bind(0, isIPv6(target.address) ? '::1' : '127.0.0.1', resolve));
    this.#socket = socket;
    this.#port = socket.address().port;
    this.#timer = setInterval(() => this.#send(), this.#options.intervalMs ?? 100);
    this.#timer.unref();
  }

  /** The queue's delay now, ms: the last probe's wait, or the wait so far of the one on its way if longer. */
  delayMs(): number {
    const waiting = this.#outstandingSince === null ? 0 : this.#now() - this.#outstandingSince;
    return Math.max(this.#lastDelayMs, waiting);
  }

  /** Whether a datagram read from the socket is a probe of ours (then it is consumed: measured, not handled). */
  recognise(data: Buffer, port: number): boolean {
    if (port !== this.#port || data.length !== PROBE_BYTES) return false;
    if (!data.subarray(0, MAGIC.length).equals(MAGIC)) return false;
    if (!timingSafeEqual(data.subarray(MAGIC.length, MAGIC.length + SECRET_BYTES), this.#secret)) return false;
    const sentAt = data.readDoubleBE(MAGIC.length + SECRET_BYTES);
    this.#lastDelayMs = Math.max(0, this.#now() - sentAt);
    if (this.#outstandingSince === sentAt) this.#outstandingSince = null;
    return true;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#socket?.close();
    this.#socket = undefined;
  }

  #send(): void {
    const socket = this.#socket;
    // One probe at a time: while one waits in the queue, its wait so far is the reading.
    if (!socket || this.#outstandingSince !== null) return;
    const sentAt = this.#now();
    const probe = Buffer.alloc(PROBE_BYTES);
    MAGIC.copy(probe, 0);
    this.#secret.copy(probe, MAGIC.length);
    probe.writeDoubleBE(sentAt, MAGIC.length + SECRET_BYTES);
    this.#outstandingSince = sentAt;
    const { port, address } = this.#target();
    socket.send(probe, port, address, (error) => {
      // Not sent (the socket closing): nothing is on its way.
      if (error && this.#outstandingSince === sentAt) this.#outstandingSince = null;
    });
  }

  #target(): { address: string; port: number } {
    const { address, port } = this.#options.target;
    if (address === '0.0.0.0') return { address: '127.0.0.1', port };
    if (address === '::') return { address: '::1', port };
    return { address, port };
  }
}
