/**
 * Writes a message as bytes: start line, one header field per line, the blank line, the body.
 * Content-Length is always written from the actual body length (§18.3 requires it over
 * streams, and a correct one never hurts over UDP).
 */
import type { SipMessage } from './message.ts';
import { formatUri } from './uri.ts';

export function serializeMessage(message: SipMessage): Buffer {
  let head =
    message.kind === 'request'
      ? `${message.method} ${formatUri(message.uri)} SIP/2.0\r\n`
      : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  for (const { name, value } of message.headers) {
    if (name === 'Content-Length') continue;
    head += `${name}: ${value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), message.body]);
}
