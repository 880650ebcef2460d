/**
 * A party's audio in switch tests: one UDP socket that talks (RTP packets at their times, as a
 * phone sends them) and listens (every packet with its arrival time) on the same port, as a real
 * phone does — the switch's media is symmetric RTP (RFC 4961) and answers where RTP comes from,
 * so an ear on another port than the mouth would hear nothing once the party talks.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { decodeG711, encodeG711 } from '@vaxel/media';
import type { PcapRtp } from './dtmfPcap.ts';

const SSRC = 0x7a1c0de5;

interface Arrival {
  arrivedMs: number;
  payloadType: number;
  payload: Buffer;
}

export class RtpParty {
  readonly arrivals: Arrival[] = [];
  /** Wall-clock time (Date.now()) of the last packet sent, for comparing with the call log's times. */
  lastSentAt: number | null = null;
  readonly #socket: Socket;
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      if (message.length < 12 || message[0]! >> 6 !== 2) return;
      const payloadType = message[1]! & 0x7f;
      if (payloadType >= 72 && payloadType <= 79) return; // RTCP (RFC 5761)
      this.arrivals.push({
        arrivedMs: performance.now(),
        payloadType,
        payload: message.subarray(12 + (message[0]! & 0x0f) * 4),
      });
    });
  }

  static async open(port: number, address = '127.0.0.1'): Promise<RtpParty> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => resolve());
    });
    return new RtpParty(socket);
  }

  /** Sends each packet at its `atMs` from now to the switch's media port; resolves after the last. */
  async talk(packets: readonly PcapRtp[], to: { address: string; port: number }): Promise<void> {
    const start = performance.now();
    for (const p of [...packets].sort((a, b) => a.atMs - b.atMs)) {
      const wait = start + p.atMs - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.#closed) return;
      const rtp = Buffer.alloc(12 + p.payload.length);
      rtp[0] = 0x80;
      rtp[1] = (p.marker ? 0x80 : 0) | p.payloadType;
      rtp.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
      rtp.writeUInt32BE(p.timestamp >>> 0, 4);
      rtp.writeUInt32BE(SSRC, 8);
      Buffer.from(p.payload).copy(rtp, 12);
      this.#socket.send(rtp, to.port, to.address);
      this.lastSentAt = Date.now();
    }
  }

  /**
   * What the party heard (PCMU), in arrival order; a pause in the stream (the switch sending
   * nothing) is put back as silence of the length it lasted.
   */
  heard(): Int16Array {
    const audio = this.arrivals.filter((a) => a.payloadType === 0);
    const parts: Int16Array[] = [];
    let previous: Arrival | undefined;
    for (const packet of audio) {
      if (previous) {
        const pauseMs = packet.arrivedMs - previous.arrivedMs - previous.payload.length / 8;
        if (pauseMs > 60) parts.push(new Int16Array(Math.round(pauseMs * 8)));
      }
      parts.push(decodeG711('PCMU', packet.payload));
      previous = packet;
    }
    const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    return samples;
  }

  /** Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}

/** `audio` as PCMU packets of 20 ms from `atMs` on, to be sent by {@link RtpParty.talk}. */
export function pcmuPackets(audio: Int16Array, atMs = 0): PcapRtp[] {
  const packets: PcapRtp[] = [];
  for (let frame = 0; frame * 160 < audio.length; frame++) {
    const samples = audio.subarray(frame * 160, frame * 160 + 160);
    const full = samples.length === 160 ? samples : Int16Array.from({ length: 160 }, (_, i) => samples[i] ?? 0);
    packets.push({
      atMs: atMs + frame * 20,
      payloadType: 0,
      marker: frame === 0,
      sequenceNumber: 100 + frame,
      timestamp: Math.round((atMs + frame * 20) * 8),
      payload: encodeG711('PCMU', full),
    });
  }
  return packets;
}

/** The switch's media port a sipp scenario wrote into `file` once its call was up. */
export async function mediaPortFrom(file: string, timeoutMs = 15_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const port = Number(text.trim());
    if (Number.isInteger(port) && port > 0) return port;
    if (performance.now() > deadline) throw new Error(`no media port in ${file} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
