/**
 * Size caps of the transports (issue 10: the SIP edge under attack). A message beyond them is
 * refused before it costs anything more than reading it:
 *
 * - a UDP datagram over {@link MAX_DATAGRAM_SIZE} is dropped unread (nothing legitimate is that
 *   large over UDP: §18.1.1 sends anything over 1300 bytes by TCP);
 * - a TCP message over {@link MAX_STREAM_MESSAGE_SIZE} is answered 513 Message Too Large and the
 *   connection closed (its framing can no longer be trusted);
 * - a request with more than {@link MAX_VIA_VALUES} Via values is answered 513 (70 is the
 *   Max-Forwards a UAC starts with, §8.1.1.6: no honest path is longer).
 */
import { SipParseError } from '../message/errors.ts';
import type { SipMessage } from '../message/message.ts';
import type { ParseFailure } from '../message/parser.ts';
import { splitOutside } from '../message/syntax.ts';

export const MAX_DATAGRAM_SIZE = 16 * 1024;
export const MAX_STREAM_MESSAGE_SIZE = 64 * 1024;
export const MAX_VIA_VALUES = 70;

/** Number of Via values, counting comma-separated ones within a header line (§7.3.1). */
export function viaValueCount(message: SipMessage): number {
  let count = 0;
  for (const line of message.headers.getAll('Via'))
    count += splitOutside(line, ',').filter((part) => part.trim() !== '').length;
  return count;
}

/** A request with too many Via values, as the parse failure that `responseToMalformed` answers 513. */
export function tooManyVias(message: SipMessage, max = MAX_VIA_VALUES): ParseFailure | undefined {
  if (message.kind !== 'request') return undefined;
  const count = viaValueCount(message);
  if (count <= max) return undefined;
  // One value a line (equivalent by §7.3.1), so that the answer's top Via is a single value.
  const headers = message.headers.clone();
  headers.delete('Via');
  for (const line of message.headers.getAll('Via'))
    for (const part of splitOutside(line, ',')) if (part.trim() !== '') headers.append('Via', part.trim());
  return {
    ok: false,
    kind: 'request',
    headers,
    error: new SipParseError(`${count} Via values exceed the limit of ${max}`, 513, 'Message Too Large'),
  };
}

/** Whether a datagram or frame is a response, from its first bytes only (no parsing). */
export function looksLikeResponse(data: Buffer): boolean {
  let start = 0;
  while (data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
  return (
    data
      .subarray(start, start + 4)
      .toString('latin1')
      .toUpperCase() === 'SIP/'
  );
}
