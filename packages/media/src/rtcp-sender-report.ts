import {
  parseReportBlocks,
  REPORT_BLOCK_LENGTH,
  writeReportBlocks,
  type RtcpReportBlock,
} from './rtcp-report-block.ts';

/**
 * RTCP Sender Report (PT=200), parsed far enough to track a peer's statistics.
 *
 * RFC 3550 §6.4.1 https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC × 24 bytes)                 |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 */
export interface RtcpSenderReport {
  readonly type: 'sender-report';
  ssrc: number;
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: RtcpReportBlock[];
}

export const RTCP_SENDER_REPORT_TYPE = 200;
const SENDER_INFO_END = 28;

/** Parses one SR whose common header starts at `offset` and which ends at `end`. */
export function parseSenderReport(view: DataView, offset: number, end: number): RtcpSenderReport {
  if (offset + SENDER_INFO_END > end) throw new RangeError('RTCP sender report is shorter than its sender info');
  const count = view.getUint8(offset) & 0x1f;
  return {
    type: 'sender-report',
    ssrc: view.getUint32(offset + 4),
    ntpSeconds: view.getUint32(offset + 8),
    ntpFraction: view.getUint32(offset + 12),
    rtpTimestamp: view.getUint32(offset + 16),
    packetCount: view.getUint32(offset + 20),
    octetCount: view.getUint32(offset + 24),
    reports: parseReportBlocks(view, offset + SENDER_INFO_END, count, end),
  };
}

/** Serialises an SR (at most 31 report blocks). */
export function serializeSenderReport(report: Omit<RtcpSenderReport, 'type'>): Uint8Array {
  if (report.reports.length > 31)
    throw new RangeError(`an RTCP SR holds at most 31 report blocks, got ${report.reports.length}`);
  const length = SENDER_INFO_END + report.reports.length * REPORT_BLOCK_LENGTH;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80 | report.reports.length);
  view.setUint8(1, RTCP_SENDER_REPORT_TYPE);
  view.setUint16(2, length / 4 - 1);
  view.setUint32(4, report.ssrc);
  view.setUint32(8, report.ntpSeconds >>> 0);
  view.setUint32(12, report.ntpFraction >>> 0);
  view.setUint32(16, report.rtpTimestamp >>> 0);
  view.setUint32(20, report.packetCount >>> 0);
  view.setUint32(24, report.octetCount >>> 0);
  writeReportBlocks(view, SENDER_INFO_END, report.reports);
  return bytes;
}
