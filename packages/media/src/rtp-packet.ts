/**
 * RTP data packet, a view over its bytes.
 *
 * RFC 3550 §5.1 https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  (if X, §5.3.1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload                            |
 * |                               +-------------------------------+
 * |                               | padding ...   | padding count |  (if P)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 *
 * The fixed header fields (marker, payload type, sequence number, timestamp, SSRC) can be
 * rewritten in place, which is what a relay does for every packet; the payload is a subarray of
 * the same bytes, so transcoding G.711 (same length) also happens without copying.
 */

export const RTP_VERSION = 2;
const FIXED_HEADER_LENGTH = 12;

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" value (e.g. 0xBEDE for RFC 8285 one-byte headers). */
  readonly profile: number;
  /** Extension data; its length is a multiple of 4 bytes. */
  readonly data: Uint8Array;
}

export interface RtpPacketInit {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker?: boolean;
  csrcs?: readonly number[];
  extension?: RtpHeaderExtension;
  payload: Uint8Array;
  /** Number of padding bytes to append (1..255), the last one holding the count. */
  paddingLength?: number;
}

/** True when the bytes look like RTCP rather than RTP on a muxed port (RFC 5761 §4). */
export function isRtcp(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const secondByte = bytes[1]!;
  return secondByte >= 192 && secondByte <= 223;
}

export class RtpPacket {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #payloadOffset: number;
  readonly #paddingLength: number;

  private constructor(bytes: Uint8Array, payloadOffset: number, paddingLength: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#payloadOffset = payloadOffset;
    this.#paddingLength = paddingLength;
  }

  /**
   * Wraps received bytes without copying them. Throws `RangeError` when the version is not 2 or
   * the CSRC list, extension or padding do not fit in the bytes (RFC 3550 §A.1 validity checks).
   */
  static parse(bytes: Uint8Array): RtpPacket {
    if (bytes.length < FIXED_HEADER_LENGTH) {
      throw new RangeError(`RTP packet needs at least ${FIXED_HEADER_LENGTH} bytes, got ${bytes.length}`);
    }
    const first = bytes[0]!;
    const version = first >> 6;
    if (version !== RTP_VERSION) throw new RangeError(`RTP version must be 2, got ${version}`);
    const csrcCount = first & 0x0f;
    let offset = FIXED_HEADER_LENGTH + csrcCount * 4;
    if (offset > bytes.length) {
      throw new RangeError(`RTP packet announces ${csrcCount} CSRCs but has only ${bytes.length} bytes`);
    }
    if (first & 0x10) {
      if (offset + 4 > bytes.length) throw new RangeError('RTP header extension is truncated');
      const words = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
      offset += 4 + words * 4;
      if (offset > bytes.length) {
        throw new RangeError(`RTP header extension of ${words} words does not fit in ${bytes.length} bytes`);
      }
    }
    let paddingLength = 0;
    if (first & 0x20) {
      paddingLength = bytes[bytes.length - 1]!;
      // RFC 3550 §5.1: the last octet of the padding contains a count of how many padding octets
      // should be ignored, including itself — so it cannot be zero.
      if (paddingLength === 0 || offset + paddingLength > bytes.length) {
        throw new RangeError(`RTP padding length ${paddingLength} does not fit the packet`);
      }
    }
    return new RtpPacket(bytes, offset, paddingLength);
  }

  /** Builds a new packet into freshly allocated bytes. Throws `RangeError` for out-of-range fields. */
  static create(init: RtpPacketInit): RtpPacket {
    const csrcs = init.csrcs ?? [];
    if (csrcs.length > 15) throw new RangeError(`at most 15 CSRCs fit in an RTP header, got ${csrcs.length}`);
    checkUint('payload type', init.payloadType, 0x7f);
    checkUint('sequence number', init.sequenceNumber, 0xffff);
    checkUint('timestamp', init.timestamp, 0xffffffff);
    checkUint('SSRC', init.ssrc, 0xffffffff);
    const extension = init.extension;
    if (extension && extension.data.length % 4 !== 0) {
      throw new RangeError(`RTP header extension data must be a multiple of 4 bytes, got ${extension.data.length}`);
    }
    const paddingLength = init.paddingLength ?? 0;
    checkUint('padding length', paddingLength, 255);
    const extensionLength = extension ? 4 + extension.data.length : 0;
    const payloadOffset = FIXED_HEADER_LENGTH + csrcs.length * 4 + extensionLength;
    const bytes = new Uint8Array(payloadOffset + init.payload.length + paddingLength);
    const view = new DataView(bytes.buffer);
    bytes[0] = (RTP_VERSION << 6) | (paddingLength > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs.length;
    bytes[1] = (init.marker ? 0x80 : 0) | init.payloadType;
    view.setUint16(2, init.sequenceNumber);
    view.setUint32(4, init.timestamp);
    view.setUint32(8, init.ssrc);
    csrcs.forEach((csrc, i) => {
      checkUint('CSRC', csrc, 0xffffffff);
      view.setUint32(FIXED_HEADER_LENGTH + i * 4, csrc);
    });
    if (extension) {
      const at = FIXED_HEADER_LENGTH + csrcs.length * 4;
      checkUint('extension profile', extension.profile, 0xffff);
      view.setUint16(at, extension.profile);
      view.setUint16(at + 2, extension.data.length / 4);
      bytes.set(extension.data, at + 4);
    }
    bytes.set(init.payload, payloadOffset);
    if (paddingLength > 0) bytes[bytes.length - 1] = paddingLength;
    return new RtpPacket(bytes, payloadOffset, paddingLength);
  }

  get version(): number {
    return this.#bytes[0]! >> 6;
  }

  get padding(): boolean {
    return (this.#bytes[0]! & 0x20) !== 0;
  }

  get paddingLength(): number {
    return this.#paddingLength;
  }

  get hasExtension(): boolean {
    return (this.#bytes[0]! & 0x10) !== 0;
  }

  get marker(): boolean {
    return (this.#bytes[1]! & 0x80) !== 0;
  }

  set marker(value: boolean) {
    this.#bytes[1] = (this.#bytes[1]! & 0x7f) | (value ? 0x80 : 0);
  }

  get payloadType(): number {
    return this.#bytes[1]! & 0x7f;
  }

  set payloadType(value: number) {
    checkUint('payload type', value, 0x7f);
    this.#bytes[1] = (this.#bytes[1]! & 0x80) | value;
  }

  get sequenceNumber(): number {
    return this.#view.getUint16(2);
  }

  set sequenceNumber(value: number) {
    checkUint('sequence number', value, 0xffff);
    this.#view.setUint16(2, value);
  }

  get timestamp(): number {
    return this.#view.getUint32(4);
  }

  set timestamp(value: number) {
    checkUint('timestamp', value, 0xffffffff);
    this.#view.setUint32(4, value);
  }

  get ssrc(): number {
    return this.#view.getUint32(8);
  }

  set ssrc(value: number) {
    checkUint('SSRC', value, 0xffffffff);
    this.#view.setUint32(8, value);
  }

  get csrcs(): number[] {
    const count = this.#bytes[0]! & 0x0f;
    const result: number[] = [];
    for (let i = 0; i < count; i++) result.push(this.#view.getUint32(FIXED_HEADER_LENGTH + i * 4));
    return result;
  }

  /** The header extension as a view into the packet bytes, or undefined when X is not set. */
  get extension(): RtpHeaderExtension | undefined {
    if (!this.hasExtension) return undefined;
    const at = FIXED_HEADER_LENGTH + (this.#bytes[0]! & 0x0f) * 4;
    const words = this.#view.getUint16(at + 2);
    return {
      profile: this.#view.getUint16(at),
      data: this.#bytes.subarray(at + 4, at + 4 + words * 4),
    };
  }

  /** The payload as a view into the packet bytes (padding excluded); writes go into the packet. */
  get payload(): Uint8Array {
    return this.#bytes.subarray(this.#payloadOffset, this.#bytes.length - this.#paddingLength);
  }

  /** The whole packet as it goes on the wire (the same bytes, not a copy). */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** A deep copy, for when the original bytes are about to be reused or rewritten. */
  clone(): RtpPacket {
    // A copy in one memcpy (Uint8Array.from walked the bytes through the iterator protocol; a
    // Buffer's slice() would share them).
    return new RtpPacket(new Uint8Array(this.#bytes), this.#payloadOffset, this.#paddingLength);
  }

  /** A new packet with the same header fields (CSRCs, extension kept) and another payload, no padding. */
  withPayload(payload: Uint8Array): RtpPacket {
    const init: RtpPacketInit = {
      payloadType: this.payloadType,
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      marker: this.marker,
      csrcs: this.csrcs,
      payload,
    };
    const extension = this.extension;
    if (extension) init.extension = extension;
    return RtpPacket.create(init);
  }
}

function checkUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`RTP ${name} must be an integer in 0..${max}, got ${value}`);
  }
}
