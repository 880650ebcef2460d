/**
 * RTCP Source Description (PT=202) with a CNAME item, which every compound RTCP packet must carry.
 *
 * RFC 3550 §6.5 https://www.rfc-editor.org/rfc/rfc3550#section-6.5
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    CNAME=1    |     length    | user and domain name        ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  END=0 ... (null octets up to the next 32-bit boundary)
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 *
 * RFC 3550 §6.1: "Each compound RTCP packet MUST include an SDES CNAME."
 */
export const RTCP_SDES_TYPE = 202;
const CNAME = 1;

/** Serialises an SDES packet with one chunk holding the CNAME of `ssrc`. */
export function serializeSdesCname(ssrc: number, cname: string): Uint8Array {
  const name = new TextEncoder().encode(cname);
  if (name.length === 0 || name.length > 255) throw new RangeError('RTCP CNAME must be 1..255 bytes');
  // Chunk: SSRC (4) + CNAME item (2 + name) + at least one null octet, padded to 32 bits.
  const chunk = Math.ceil((4 + 2 + name.length + 1) / 4) * 4;
  const bytes = new Uint8Array(4 + chunk);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80 | 1);
  view.setUint8(1, RTCP_SDES_TYPE);
  view.setUint16(2, bytes.length / 4 - 1);
  view.setUint32(4, ssrc);
  view.setUint8(8, CNAME);
  view.setUint8(9, name.length);
  bytes.set(name, 10);
  return bytes;
}
