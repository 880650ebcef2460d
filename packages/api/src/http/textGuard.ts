import type { FastifyRequest } from 'fastify';
import { RuleViolation, type FieldError } from '@vaxel/domain';
import { formatPath } from '../problem.ts';

/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one not after a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string can never be stored as sent, or null. Text with a NUL character is valid JSON but
 * PostgreSQL refuses it in text columns, and it means nothing in a name or id. A lone surrogate
 * (JSON allows the escape "\ud800" on its own) has no UTF-8 form: both databases would store
 * U+FFFD instead, so the text would silently change. Names are checked further by the domain's
 * DisplayName; this guard holds for every string, passwords included.
 */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  const lone = loneSurrogate.exec(text);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains an unpaired UTF-16 surrogate (U+${code}); send valid Unicode text`;
  }
  return null;
}

/** Every string (and key) in a parsed value that cannot be stored as sent, with its path. */
export function findUnstorableText(
  value: unknown,
  path: Array<string | number> = [],
  found: FieldError[] = [],
  depth = 0,
): FieldError[] {
  if (depth > 64 || found.length >= 20) return found;
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    if (problem) found.push({ path: formatPath(path), message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findUnstorableText(item, [...path, i], found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const problem = unstorableText(key);
      if (problem) found.push({ path: formatPath([...path, key]), message: `the field name ${problem}` });
      findUnstorableText(child, [...path, key], found, depth + 1);
    }
  }
  return found;
}

/** Refused at the edge with the field's path, for bodies, query strings and path parameters alike. */
export async function rejectUnstorableText(request: FastifyRequest): Promise<void> {
  const errors = [
    ...findUnstorableText(request.params),
    ...findUnstorableText(request.query),
    ...(request.isMultipart() ? [] : findUnstorableText(request.body)),
  ];
  if (errors.length > 0) throw new RuleViolation(errors);
}
