import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { InvalidStateError, RtpPortsExhaustedError } from './errors.ts';

export interface RtpPortPoolOptions {
  /** Lowest port of the range (rounded up to even). */
  minPort: number;
  /** Highest port of the range; the last pair must fit, so the highest RTP port is `maxPort - 1`. */
  maxPort: number;
  /** Local address to bind when `allocate()` is not given one, e.g. `0.0.0.0`, `127.0.0.1`, `::1`. */
  address: string;
  /**
   * How many of the most recently released pairs are kept out of use while others are free
   * (default: half the range, at most 1024).
   */
  quarantine?: number;
  /** A uniform integer in [0, max): `crypto.randomInt` by default (tests may pass a seeded one). */
  random?: (max: number) => number;
}

/**
 * An RTP/RTCP port pair bound on a local address. RFC 3550 §11: "For UDP and similar protocols,
 * RTP SHOULD use an even destination port number and the corresponding RTCP stream SHOULD use
 * the next higher (odd) destination port number." Both sockets are bound so the odd port cannot
 * be taken by someone else and a peer's RTCP does not bounce with ICMP port unreachable.
 */
export interface RtpPortAllocation {
  readonly address: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly rtpSocket: Socket;
  readonly rtcpSocket: Socket;
  /** Closes both sockets and returns the pair to the pool. Safe to call twice. */
  release(): void;
}

/**
 * Hands out even RTP ports (with the odd RTCP port above) from a configured range:
 * - **at random** (`crypto.randomInt`), not in order, so a stranger cannot guess the port of the
 *   next call from the last one (RFC 3550 §9.1 asks for unpredictable SSRCs and sequence numbers for
 *   the same reason; RFC 7362 §7 is the attack a predictable port makes easy);
 * - **not a recently released one** while others are free: the last `quarantine` pairs given back
 *   wait, so late packets of a call that just ended do not land in the next call;
 * - never a pair already handed out. Ports the OS refuses (EADDRINUSE by another program) are skipped.
 */
/** Draws from the whole range before listing the free pairs (all fail with odds (share out of use)^16). */
const RANDOM_DRAWS = 16;

export class RtpPortPool {
  readonly #minPort: number;
  readonly #maxPort: number;
  readonly #address: string;
  readonly #reserved = new Set<number>();
  readonly #allocations = new Set<RtpPortAllocation>();
  /** Recently released RTP ports, oldest first. */
  readonly #recent: number[] = [];
  readonly #recentSet = new Set<number>();
  readonly #quarantine: number;
  readonly #random: (max: number) => number;
  #closed = false;

  constructor(options: RtpPortPoolOptions) {
    const minPort = options.minPort + (options.minPort % 2);
    if (
      !Number.isInteger(minPort) ||
      !Number.isInteger(options.maxPort) ||
      minPort < 1024 ||
      options.maxPort > 65535 ||
      minPort + 1 > options.maxPort
    ) {
      throw new RangeError(
        `RTP port range ${options.minPort}-${options.maxPort} must hold at least one even/odd pair within 1024-65535`,
      );
    }
    checkAddress(options.address);
    this.#minPort = minPort;
    this.#maxPort = options.maxPort;
    this.#address = options.address;
    const capacity = Math.floor((this.#maxPort - minPort + 1) / 2);
    this.#quarantine = Math.max(
      0,
      Math.min(options.quarantine ?? Math.min(Math.floor(capacity / 2), 1024), capacity - 1),
    );
    this.#random = options.random ?? randomInt;
  }

  /** Number of port pairs currently allocated (for leak checks: zero when no call is up). */
  get inUse(): number {
    return this.#reserved.size;
  }

  /** Number of port pairs the range holds. */
  get capacity(): number {
    return Math.floor((this.#maxPort - this.#minPort + 1) / 2);
  }

  /**
   * Binds a free even/odd pair on `address` (default: the pool's), chosen at random. Throws
   * `RtpPortsExhaustedError` when no pair in the range can be bound, `InvalidStateError` after `close()`.
   */
  async allocate(options: { address?: string } = {}): Promise<RtpPortAllocation> {
    if (this.#closed) throw new InvalidStateError('RTP port pool is closed');
    const address = options.address ?? this.#address;
    checkAddress(address);
    const refused = new Set<number>();
    for (;;) {
      const port = this.#pick(refused);
      if (port === undefined) break;
      refused.add(port);
      this.#reserved.add(port);
      try {
        const rtpSocket = await bind(address, port);
        let rtcpSocket: Socket;
        try {
          rtcpSocket = await bind(address, port + 1);
        } catch (error) {
          rtpSocket.close();
          throw error;
        }
        if (this.#closed) {
          rtpSocket.close();
          rtcpSocket.close();
          this.#reserved.delete(port);
          throw new InvalidStateError('RTP port pool closed during allocation');
        }
        return this.#track(address, port, rtpSocket, rtcpSocket);
      } catch (error) {
        this.#reserved.delete(port);
        if (error instanceof InvalidStateError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
      }
    }
    throw new RtpPortsExhaustedError(`no free RTP port pair in ${this.#minPort}-${this.#maxPort} on ${address}`);
  }

  /**
   * A random free pair outside the quarantine; when every free pair is quarantined, the one
   * released longest ago (still better than failing the call).
   *
   * First by rejection sampling: a pair drawn from the whole range, drawn again while it is taken,
   * quarantined or refused, is as uniform over the free pairs as a draw from a list of them, and
   * costs a few set lookups instead of a list of the range per call (issue 11: listing 4,000 pairs
   * was 5 % of a call's set-up). Only a range mostly out of use falls back to the list.
   */
  #pick(refused: ReadonlySet<number>): number | undefined {
    const pairs = this.capacity;
    for (let draw = 0; draw < RANDOM_DRAWS; draw++) {
      const port = this.#minPort + 2 * this.#random(pairs);
      if (!this.#reserved.has(port) && !refused.has(port) && !this.#recentSet.has(port)) return port;
    }
    const fresh: number[] = [];
    for (let port = this.#minPort; port + 1 <= this.#maxPort; port += 2) {
      if (!this.#reserved.has(port) && !refused.has(port) && !this.#recentSet.has(port)) fresh.push(port);
    }
    if (fresh.length > 0) return fresh[this.#random(fresh.length)];
    return this.#recent.find((port) => !this.#reserved.has(port) && !refused.has(port));
  }

  #released(port: number): void {
    this.#reserved.delete(port);
    if (this.#quarantine === 0) return;
    if (this.#recentSet.has(port)) this.#recent.splice(this.#recent.indexOf(port), 1);
    this.#recent.push(port);
    this.#recentSet.add(port);
    while (this.#recent.length > this.#quarantine) this.#recentSet.delete(this.#recent.shift()!);
  }

  /** Releases every allocation and refuses new ones. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const allocation of [...this.#allocations]) allocation.release();
  }

  #track(address: string, port: number, rtpSocket: Socket, rtcpSocket: Socket): RtpPortAllocation {
    let released = false;
    const allocation: RtpPortAllocation = {
      address,
      rtpPort: port,
      rtcpPort: port + 1,
      rtpSocket,
      rtcpSocket,
      release: () => {
        if (released) return;
        released = true;
        closeQuietly(rtpSocket);
        closeQuietly(rtcpSocket);
        this.#released(port);
        this.#allocations.delete(allocation);
      },
    };
    this.#allocations.add(allocation);
    return allocation;
  }
}

function checkAddress(address: string): void {
  if (isIP(address) === 0) throw new RangeError(`'${address}' is not an IPv4 or IPv6 address`);
}

function bind(address: string, port: number): Promise<Socket> {
  const type = isIP(address) === 6 ? 'udp6' : 'udp4';
  const socket = createSocket({ type, ipv6Only: type === 'udp6', reuseAddr: false });
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
