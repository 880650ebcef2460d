/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 §18.3): "the Content-Length header field
 * MUST be used to indicate the size of the message-body on all stream-oriented transports."
 * CRLFs between messages are skipped (§7.5, and the RFC 5626 keep-alive "CRLFCRLF" ping).
 *
 * A stream whose framing cannot be trusted (missing, negative, non-numeric or conflicting
 * Content-Length, or a message larger than the limit) raises a `SipParseError`; the caller
 * must close the connection, because the next message's start cannot be found (RFC 4475 §3.1.2.3).
 * A message refused only for its size leaves its header section in `rejectedHead`, so that the
 * caller can still answer it 513 before closing.
 */
import { SipParseError } from '../message/errors.ts';

const CRLF_CRLF = Buffer.from('\r\n\r\n');

export class StreamFramer {
  readonly #maxMessageSize: number;
  #buffer: Buffer = Buffer.alloc(0);
  #rejectedHead: Buffer | undefined;

  constructor(maxMessageSize: number) {
    this.#maxMessageSize = maxMessageSize;
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** The header section (with its blank line) of the message refused as too large, if one was. */
  get rejectedHead(): Buffer | undefined {
    return this.#rejectedHead;
  }

  /** Adds bytes; returns every complete message now available, in order. */
  push(chunk: Buffer): Buffer[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      let start = 0;
      while (this.#buffer[start] === 0x0d && this.#buffer[start + 1] === 0x0a) start += 2;
      if (start > 0) this.#buffer = this.#buffer.subarray(start);
      if (this.#buffer.length === 0) break;
      const headerEnd = this.#buffer.indexOf(CRLF_CRLF);
      if (headerEnd < 0) {
        if (this.#buffer.length > this.#maxMessageSize)
          throw new SipParseError('Header section exceeds the message size limit', 513, 'Message Too Large');
        break;
      }
      const length = contentLength(this.#buffer.subarray(0, headerEnd).toString('latin1'));
      const total = headerEnd + 4 + length;
      if (total > this.#maxMessageSize) {
        this.#rejectedHead = Buffer.from(this.#buffer.subarray(0, headerEnd + 4));
        throw new SipParseError(`Message of ${total} bytes exceeds the limit`, 513, 'Message Too Large');
      }
      if (this.#buffer.length < total) break;
      messages.push(Buffer.from(this.#buffer.subarray(0, total)));
      this.#buffer = this.#buffer.subarray(total);
    }
    return messages;
  }
}

function contentLength(head: string): number {
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const values = [...unfolded.matchAll(/^(?:content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/gim)].map((match) => match[1]!);
  if (values.length === 0) throw new SipParseError('Content-Length is mandatory on a stream transport');
  if (values.some((value) => !/^\d{1,10}$/.test(value)) || new Set(values.map(Number)).size > 1) {
    throw new SipParseError(`Unusable Content-Length: ${values.join(', ')}`);
  }
  return Number(values[0]);
}
