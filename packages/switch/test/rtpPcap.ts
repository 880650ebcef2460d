import { encodeG711 } from '@vaxel/media';

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
  for (let offset = 0; offset < encoded.length; offset += 160) payloads.push(Buffer.from(encoded.subarray(offset, offset + 160)));
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
    const event = (duration: number, end: boolean) => Buffer.from([eventCode(key), (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
    for (let i = 0; i < 5; i++) packets.push({ payload: event((i + 1) * 160, false), payloadType: 101, marker: i === 0, timestamp, atMs: startMs + i * 20 });
    for (let i = 0; i < 3; i++) packets.push({ payload: event(800, true), payloadType: 101, marker: false, timestamp, atMs: startMs + 100 + i * 20 });
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

function rtpPcapOf(packets: readonly PcapPacket[]): Buffer {
  const count = packets.length;
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records: Buffer[] = [header];
  for (let i = 0; i < count; i++) {
    const packet = packets[i]!;
    const rtp = Buffer.alloc(12 + packet.payload.length);
    packet.payload.copy(rtp, 12);
    rtp[0] = 0x80;
    rtp[1] = (packet.marker ? 0x80 : 0x00) | packet.payloadType;
    rtp.writeUInt16BE(i & 0xffff, 2);
    rtp.writeUInt32BE(packet.timestamp >>> 0, 4);
    rtp.writeUInt32BE(0x1234abcd, 8);
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
    const micros = Math.round(packet.atMs * 1000);
    record.writeUInt32LE(Math.floor(micros / 1e6), 0);
    record.writeUInt32LE(micros % 1e6, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    records.push(record, frame);
  }
  return Buffer.concat(records);
}
