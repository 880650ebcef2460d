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

/** Serialises a BYE for the given sources with an optional reason (at most 255 UTF-8 bytes). */
export function serializeBye(ssrcs: readonly number[], reason?: string): Uint8Array {
  if (ssrcs.length > 31) throw new RangeError(`an RTCP BYE names at most 31 sources, got ${ssrcs.length}`);
  const reasonBytes = reason === undefined ? undefined : new TextEncoder().encode(reason);
  if (reasonBytes && reasonBytes.length > 255) throw new RangeError('RTCP BYE reason is longer than 255 bytes');
  const unpadded = 4 + ssrcs.length * 4 + (reasonBytes ? 1 + reasonBytes.length : 0);
  const length = Math.ceil(unpadded / 4) * 4;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80 | ssrcs.length);
  view.setUint8(1, RTCP_BYE_TYPE);
  view.setUint16(2, length / 4 - 1);
  ssrcs.forEach((ssrc, i) => view.setUint32(4 + i * 4, ssrc));
  if (reasonBytes) {
    const at = 4 + ssrcs.length * 4;
    view.setUint8(at, reasonBytes.length);
    bytes.set(reasonBytes, at + 1);
  }
  return bytes;
}
