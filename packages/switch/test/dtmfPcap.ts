/**
 * pcap files (libpcap, Ethernet link type) of the caller's RTP for sipp's play_pcap_audio: key
 * presses as RFC 4733 telephone-events, and as in-band DTMF tones in G.711 for peers that send
 * neither events nor SIP INFO. sipp replays packets at their pcap times, so a press lands at its
 * `atMs` after the scenario starts playing.
 */
import { digitToEvent, encodeG711, silence, TelephoneEvent, tone, type G711Codec } from '@vaxel/media';

export interface PcapRtp {
  /** When sipp sends it, from the start of the playback. */
  atMs: number;
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  payload: Uint8Array;
}

export interface KeyPress {
  digit: string;
  atMs: number;
  /** How long the key is held (default 120 ms). */
  durationMs?: number;
}

const SSRC = 0x5ca1ab1e;

/** One pcap of RTP packets, from 127.0.0.1:6000 to 127.0.0.1:6002 (sipp rewrites the addresses). */
export function pcapOf(packets: readonly PcapRtp[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records: Buffer[] = [header];
  for (const p of packets) {
    const rtp = Buffer.alloc(12 + p.payload.length);
    rtp[0] = 0x80;
    rtp[1] = (p.marker ? 0x80 : 0) | p.payloadType;
    rtp.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
    rtp.writeUInt32BE(p.timestamp >>> 0, 4);
    rtp.writeUInt32BE(SSRC, 8);
    Buffer.from(p.payload).copy(rtp, 12);
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(6000, 0);
    udp.writeUInt16BE(6002, 2);
    udp.writeUInt16BE(8 + rtp.length, 4);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 8 + rtp.length, 2);
    ip[8] = 64;
    ip[9] = 17; // UDP
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    let sum = 0;
    for (let j = 0; j < 20; j += 2) sum += ip.readUInt16BE(j);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const ethernet = Buffer.alloc(14);
    ethernet.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([ethernet, ip, udp, rtp]);
    const record = Buffer.alloc(16);
    const micros = Math.round(p.atMs * 1000);
    record.writeUInt32LE(Math.floor(micros / 1e6), 0);
    record.writeUInt32LE(micros % 1e6, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    records.push(record, frame);
  }
  return Buffer.concat(records);
}

/**
 * Key presses as RFC 4733 telephone-events (§2.5): a packet every 20 ms while the key is held,
 * all with the event's start timestamp, the marker on the first (§2.5.1.3), the duration growing,
 * and the final packet with the E bit sent three times (§2.5.1.4).
 */
export function telephoneEventPcap(presses: readonly KeyPress[], payloadType = 101): Buffer {
  const packets: PcapRtp[] = [];
  let sequenceNumber = 1000;
  for (const press of presses) {
    const event = digitToEvent(press.digit);
    const frames = Math.max(1, Math.round((press.durationMs ?? 120) / 20));
    const timestamp = Math.round(press.atMs * 8);
    for (let i = 1; i <= frames; i++) {
      const end = i === frames;
      const payload = TelephoneEvent.create({ event, end, volume: 10, duration: i * 160 }).bytes;
      for (let copy = 0; copy < (end ? 3 : 1); copy++) {
        packets.push({
          atMs: press.atMs + i * 20 + copy * 5,
          payloadType,
          marker: i === 1 && copy === 0,
          sequenceNumber: sequenceNumber++,
          timestamp,
          payload: new Uint8Array(payload),
        });
      }
    }
  }
  return pcapOf(packets);
}

const DTMF_TONES: Record<string, readonly [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
};

/**
 * Key presses as in-band DTMF (ITU-T Q.23 pairs, each near -10 dBm0) in one continuous G.711
 * stream of 20 ms packets, silence between the tones, from 0 ms to `tailMs` after the last tone.
 */
export function inbandDtmfPcap(presses: readonly KeyPress[], codec: G711Codec = 'PCMU', tailMs = 300): Buffer {
  const end = Math.max(...presses.map((p) => p.atMs + (p.durationMs ?? 120))) + tailMs;
  const audio = silence(end);
  for (const press of presses) {
    const pair = DTMF_TONES[press.digit];
    if (!pair) throw new RangeError(`'${press.digit}' is not a DTMF key`);
    audio.set(
      tone({ frequencies: pair, durationMs: press.durationMs ?? 120, amplitude: 0.4 }),
      Math.round(press.atMs * 8),
    );
  }
  const packets: PcapRtp[] = [];
  for (let frame = 0; frame * 160 < audio.length; frame++) {
    const samples = audio.subarray(frame * 160, frame * 160 + 160);
    const full = samples.length === 160 ? samples : Int16Array.from({ length: 160 }, (_, i) => samples[i] ?? 0);
    packets.push({
      atMs: frame * 20,
      payloadType: codec === 'PCMU' ? 0 : 8,
      marker: frame === 0,
      sequenceNumber: 2000 + frame,
      timestamp: frame * 160,
      payload: encodeG711(codec, full),
    });
  }
  return pcapOf(packets);
}
