import {
  parseReportBlocks,
  REPORT_BLOCK_LENGTH,
  writeReportBlocks,
  type RtcpReportBlock,
} from './rtcp-report-block.ts';

/**
 * RTCP Receiver Report (PT=201).
 *
 * RFC 3550 §6.4.2 https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC × 24 bytes)                 |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 */
export interface RtcpReceiverReport {
  readonly type: 'receiver-report';
  ssrc: number;
  reports: RtcpReportBlock[];
}

export const RTCP_RECEIVER_REPORT_TYPE = 201;

/** Parses one RR whose common header starts at `offset` and which ends at `end`. */
export function parseReceiverReport(view: DataView, offset: number, end: number): RtcpReceiverReport {
  if (offset + 8 > end) throw new RangeError('RTCP receiver report is shorter than 8 bytes');
  const count = view.getUint8(offset) & 0x1f;
  return {
    type: 'receiver-report',
    ssrc: view.getUint32(offset + 4),
    reports: parseReportBlocks(view, offset + 8, count, end),
  };
}

/** Serialises an RR (at most 31 report blocks). */
export function serializeReceiverReport(report: Omit<RtcpReceiverReport, 'type'>): Uint8Array {
  if (report.reports.length > 31)
    throw new RangeError(`an RTCP RR holds at most 31 report blocks, got ${report.reports.length}`);
  const length = 8 + report.reports.length * REPORT_BLOCK_LENGTH;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80 | report.reports.length);
  view.setUint8(1, RTCP_RECEIVER_REPORT_TYPE);
  view.setUint16(2, length / 4 - 1);
  view.setUint32(4, report.ssrc);
  writeReportBlocks(view, 8, report.reports);
  return bytes;
}
