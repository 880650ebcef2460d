/**
 * RTCP reception report block, shared by SR and RR.
 *
 * RFC 3550 §6.4.1 https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 */
export const REPORT_BLOCK_LENGTH = 24;

export interface RtcpReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, 0..1. */
  fractionLost: number;
  /** Cumulative packets lost (signed 24-bit: duplicates can make it negative). */
  packetsLost: number;
  highestSequenceNumber: number;
  jitter: number;
  lastSenderReport: number;
  delaySinceLastSenderReport: number;
}

/** Reads `count` report blocks starting at `offset`; throws `RangeError` when they do not fit. */
export function parseReportBlocks(view: DataView, offset: number, count: number, end: number): RtcpReportBlock[] {
  if (offset + count * REPORT_BLOCK_LENGTH > end) {
    throw new RangeError(`RTCP packet announces ${count} report blocks that do not fit in its length`);
  }
  const blocks: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + i * REPORT_BLOCK_LENGTH;
    const lostWord = view.getUint32(at + 4);
    let packetsLost = lostWord & 0xffffff;
    if (packetsLost & 0x800000) packetsLost -= 0x1000000;
    blocks.push({
      ssrc: view.getUint32(at),
      fractionLost: (lostWord >>> 24) / 256,
      packetsLost,
      highestSequenceNumber: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSenderReport: view.getUint32(at + 16),
      delaySinceLastSenderReport: view.getUint32(at + 20),
    });
  }
  return blocks;
}

/** Writes report blocks at `offset` (24 bytes each). */
export function writeReportBlocks(view: DataView, offset: number, blocks: readonly RtcpReportBlock[]): void {
  blocks.forEach((block, i) => {
    const at = offset + i * REPORT_BLOCK_LENGTH;
    const fraction = Math.max(0, Math.min(255, Math.floor(block.fractionLost * 256)));
    const lost = Math.max(-0x800000, Math.min(0x7fffff, block.packetsLost)) & 0xffffff;
    view.setUint32(at, block.ssrc);
    view.setUint32(at + 4, ((fraction << 24) | lost) >>> 0);
    view.setUint32(at + 8, block.highestSequenceNumber >>> 0);
    view.setUint32(at + 12, block.jitter >>> 0);
    view.setUint32(at + 16, block.lastSenderReport >>> 0);
    view.setUint32(at + 20, block.delaySinceLastSenderReport >>> 0);
  });
}
