import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem.ts';

/**
 * URLs (path and query) longer than this are refused with 414 before anything reads them. RFC
 * 9110 §4.1 asks servers to accept at least 8000 octets; nothing in the API needs more than a
 * few hundred. Node itself refuses request heads over 16 KiB (431, http/frameworkErrors.ts).
 */
export const maxUrlLength = 8192;

export async function rejectOverlongUrl(request: FastifyRequest): Promise<void> {
  if (request.url.length > maxUrlLength) {
    throw new HttpProblem(
      414,
      'uri_too_long',
      `The URL may be at most ${maxUrlLength} characters long, query included.`,
    );
  }
}
