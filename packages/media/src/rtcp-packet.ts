import { parseBye, RTCP_BYE_TYPE, type RtcpBye } from './rtcp-bye.ts';
import { parseReceiverReport, RTCP_RECEIVER_REPORT_TYPE, type RtcpReceiverReport } from './rtcp-receiver-report.ts';
import { parseSenderReport, RTCP_SENDER_REPORT_TYPE, type RtcpSenderReport } from './rtcp-sender-report.ts';

/**
 * A compound RTCP datagram split into its packets. The switch only needs to recognise and track
 * RTCP (who is still there, a BYE), so SR, RR and BYE are parsed and every other type (SDES, APP,
 * RTPFB, …) is kept as `{ type: 'other', packetType }`.
 *
 * RFC 3550 §6.4 common header https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |   length (32-bit words - 1)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
export interface RtcpOtherPacket {
  readonly type: 'other';
  packetType: number;
}

export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpBye | RtcpOtherPacket;

/**
 * Parses every packet of a compound RTCP datagram. Throws `RangeError` when the version is not 2
 * or a packet's length field runs past the datagram (RFC 3550 §A.2 validity checks).
 */
export function parseRtcp(bytes: Uint8Array): RtcpPacket[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  if (bytes.length < 4) throw new RangeError(`RTCP datagram needs at least 4 bytes, got ${bytes.length}`);
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new RangeError('RTCP datagram ends inside a common header');
    const first = view.getUint8(offset);
    if (first >> 6 !== 2) throw new RangeError(`RTCP version must be 2, got ${first >> 6}`);
    const packetType = view.getUint8(offset + 1);
    const end = offset + (view.getUint16(offset + 2) + 1) * 4;
    if (end > bytes.length) {
      throw new RangeError(`RTCP packet of ${end - offset} bytes runs past the ${bytes.length}-byte datagram`);
    }
    // Padding (P bit) is only allowed on the last packet and is covered by the length field.
    let contentEnd = end;
    if (first & 0x20) {
      const padding = view.getUint8(end - 1);
      if (padding === 0 || padding > end - offset - 4) throw new RangeError(`RTCP padding ${padding} is invalid`);
      contentEnd = end - padding;
    }
    switch (packetType) {
      case RTCP_SENDER_REPORT_TYPE:
        packets.push(parseSenderReport(view, offset, contentEnd));
        break;
      case RTCP_RECEIVER_REPORT_TYPE:
        packets.push(parseReceiverReport(view, offset, contentEnd));
        break;
      case RTCP_BYE_TYPE:
        packets.push(parseBye(view, offset, contentEnd));
        break;
      default:
        packets.push({ type: 'other', packetType });
    }
    offset = end;
  }
  return packets;
}
