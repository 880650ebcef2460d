import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends bytes with HTTP range support (RFC 9110 §14): the console's audio player seeks with
 * `Range: bytes=a-b`. One range only; anything we cannot satisfy gets 416 with the full length.
 */
export function sendBytes(
  request: FastifyRequest,
  reply: FastifyReply,
  data: Buffer,
  contentType: string,
): FastifyReply {
  reply
    .header('accept-ranges', 'bytes')
    // Recordings and greetings are personal data: no cache keeps them (range requests still work).
    .header('cache-control', 'no-store')
    // Stored bytes are someone's upload: never sniffed, never run as a page, never framed.
    .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
    .type(contentType);
  const range = request.headers.range;
  if (typeof range !== 'string') return reply.code(200).send(data);
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  const size = data.length;
  let start: number;
  let end: number;
  if (!match || (match[1] === '' && match[2] === '')) return unsatisfiable(reply, size);
  if (match[1] === '') {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return unsatisfiable(reply, size);
  return reply
    .code(206)
    .header('content-range', `bytes ${start}-${end}/${size}`)
    .send(data.subarray(start, end + 1));
}

function unsatisfiable(reply: FastifyReply, size: number): FastifyReply {
  return reply
    .code(416)
    .header('content-range', `bytes */${size}`)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'https://vaxel.example/problems/range_not_satisfiable',
        title: 'Range Not Satisfiable',
        status: 416,
        detail: `The file has ${size} bytes.`,
        code: 'range_not_satisfiable',
      }),
    );
}
