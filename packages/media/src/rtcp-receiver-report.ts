import { parseReportBlocks, type RtcpReportBlock } from './rtcp-report-block.ts';

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
