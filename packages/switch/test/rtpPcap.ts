import { encodeG711 } from '@vaxel/media';
import { pcapOf } from './dtmfPcap.ts';

/**
 * A pcap file (libpcap format, Ethernet link type) of RTP packets, for sipp's play_pcap_audio:
 * `count` PCMU packets of 20 ms (160 samples), paced 20 ms apart, all of one byte.
 */
export function rtpPcap(count: number, payloadByte = 0xd5): Buffer {
  return rtpPcapOf(audioPackets(Array.from({ length: count }, () => Buffer.alloc(160, payloadByte))));
}

/** The same for known audio: 8 kHz samples as PCMU packets of 20 ms (the last one padded with silence). */
export function pcmuPcap(samples: Int16Array): Buffer {
  const padded = new Int16Array(Math.ceil(samples.length / 160) * 160);
  padded.set(samples);
  const encoded = encodeG711('PCMU', padded);
  const payloads: Buffer[] = [];
  for (let offset = 0; offset < encoded.length; offset += 160)
    payloads.push(Buffer.from(encoded.subarray(offset, offset + 160)));
  return rtpPcapOf(audioPackets(payloads));
}

/** RFC 4733 event codes of the keys (§3.2: 0–9, * is 10, # is 11). */
const eventCode = (key: string) => (key === '*' ? 10 : key === '#' ? 11 : Number(key));

/**
 * Key presses as RFC 4733 telephone-events (payload type 101): each key held 100 ms (an update
 * every 20 ms, then the end three times, §2.5.1.4), one key every `everyMs` from `fromMs` on.
 */
export function keysPcap(keys: string, fromMs: number, everyMs = 300): Buffer {
  const packets: PcapPacket[] = [];
  [...keys].forEach((key, k) => {
    const startMs = fromMs + k * everyMs;
    const timestamp = startMs * 8;
    const event = (duration: number, end: boolean) =>
      Buffer.from([eventCode(key), (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
    for (let i = 0; i < 5; i++)
      packets.push({
        payload: event((i + 1) * 160, false),
        payloadType: 101,
        marker: i === 0,
        timestamp,
        atMs: startMs + i * 20,
      });
    for (let i = 0; i < 3; i++)
      packets.push({
        payload: event(800, true),
        payloadType: 101,
        marker: false,
        timestamp,
        atMs: startMs + 100 + i * 20,
      });
  });
  return rtpPcapOf(packets);
}

interface PcapPacket {
  payload: Buffer;
  payloadType: number;
  marker: boolean;
  timestamp: number;
  /** When sipp sends it, from the start of the playback. */
  atMs: number;
}

/** PCMU packets of 20 ms, marker on the first. */
function audioPackets(payloads: readonly Buffer[]): PcapPacket[] {
  return payloads.map((payload, i) => ({ payload, payloadType: 0, marker: i === 0, timestamp: i * 160, atMs: i * 20 }));
}

/** One pcap of the packets in order (sequence numbers by position), written by dtmfPcap.ts's pcapOf. */
function rtpPcapOf(packets: readonly PcapPacket[]): Buffer {
  return pcapOf(
    packets.map((packet, i) => ({ ...packet, sequenceNumber: i, payload: new Uint8Array(packet.payload) })),
  );
}
