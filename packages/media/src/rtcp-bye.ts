/**
 * RTCP BYE (PT=203): a source says it is leaving.
 *
 * RFC 3550 §6.6 https://www.rfc-editor.org/rfc/rfc3550#section-6.6
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
export interface RtcpBye {
  readonly type: 'bye';
  ssrcs: number[];
  reason?: string;
}

export const RTCP_BYE_TYPE = 203;

/** Parses one BYE whose common header starts at `offset` and which ends at `end`. */
export function parseBye(view: DataView, offset: number, end: number): RtcpBye {
  const count = view.getUint8(offset) & 0x1f;
  const reasonAt = offset + 4 + count * 4;
  if (reasonAt > end) throw new RangeError(`RTCP BYE announces ${count} sources that do not fit in its length`);
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(offset + 4 + i * 4));
  const bye: RtcpBye = { type: 'bye', ssrcs };
  if (reasonAt < end) {
    const reasonLength = view.getUint8(reasonAt);
    if (reasonAt + 1 + reasonLength > end) throw new RangeError('RTCP BYE reason does not fit in its length');
    const bytes = new Uint8Array(view.buffer, view.byteOffset + reasonAt + 1, reasonLength);
    bye.reason = new TextDecoder().decode(bytes);
  }
  return bye;
}
