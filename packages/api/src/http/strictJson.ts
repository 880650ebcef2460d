import type { FastifyInstance } from 'fastify';
import { RuleViolation, type FieldError } from '@vaxel/domain';
import { formatPath, HttpProblem } from '../problem.ts';

/**
 * Offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629 §4: no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF, no cut-off sequence), or -1.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const continuation =
      lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuation < 0 || i + continuation >= bytes.length) return i;
    const second = bytes[i + 1]!;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k <= continuation; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += continuation + 1;
  }
  return -1;
}

/**
 * Where in the JSON the damaged text sits: decoded leniently, every string holding U+FFFD is one
 * the bad bytes landed in, unless the client sent U+FFFD itself (then we cannot tell, and say nothing).
 */
function damagedPaths(body: Buffer): string[] {
  if (body.includes(Buffer.from([0xef, 0xbf, 0xbd])) || /\\u[fF][fF][fF][dD]/.test(body.toString('latin1'))) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown, path: Array<string | number>, depth: number) => {
    if (depth > 64 || found.length >= 20) return;
    if (typeof value === 'string') {
      if (value.includes('\ufffd')) found.push(formatPath(path));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i], depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\ufffd')) found.push(formatPath([...path, key]));
        walk(child, [...path, key], depth + 1);
      }
    }
  };
  walk(parsed, [], 0);
  return found;
}

/** The refusal of a body that is not UTF-8, naming the fields it hit when they can be known. */
export function invalidUtf8Problem(body: Buffer, offset: number): RuleViolation {
  const why = `is not valid UTF-8 (the first bad byte is at offset ${offset} of the body); JSON must be sent as UTF-8 (RFC 8259 §8.1)`;
  const paths = damagedPaths(body);
  const errors: FieldError[] =
    paths.length > 0
      ? paths.map((path) => ({ path, message: why }))
      : [{ path: '', message: `the request body ${why}` }];
  return new RuleViolation(errors);
}

/**
 * Replaces Fastify's JSON body parser with one that decodes UTF-8 strictly before parsing. The
 * default decodes leniently, so invalid bytes became U+FFFD and were stored as if the client had
 * typed them. Prototype-poisoning protection stays Fastify's own (refuse `__proto__` and
 * `constructor.prototype`).
 */
export function installStrictJsonParser(app: FastifyInstance): void {
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(
        new HttpProblem(415, 'unsupported_media_type', `JSON is read as UTF-8 only (RFC 8259 §8.1), not ${charset}.`),
        undefined,
      );
      return;
    }
    const bytes = body as Buffer;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      done(invalidUtf8Problem(bytes, invalidUtf8Offset(bytes)), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
