import type { FastifyRequest } from 'fastify';
import { RuleViolation, type FieldError } from '@vaxel/domain';
import { formatPath } from '../problem.ts';

/**
 * Text with a NUL character is valid JSON but cannot be stored (PostgreSQL refuses it in text
 * columns) and means nothing in a name or id. Refused at the edge with the field's path, for
 * bodies, query strings and path parameters alike.
 */
export function findNulBytes(value: unknown, path: Array<string | number> = [], found: FieldError[] = [], depth = 0): FieldError[] {
  if (depth > 64 || found.length >= 20) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path: formatPath(path), message: 'must not contain NUL characters' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findNulBytes(item, [...path, i], found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push({ path: formatPath([...path, key]), message: 'must not contain NUL characters' });
      findNulBytes(child, [...path, key], found, depth + 1);
    }
  }
  return found;
}

export async function rejectNulBytes(request: FastifyRequest): Promise<void> {
  const errors = [
    ...findNulBytes(request.params),
    ...findNulBytes(request.query),
    ...(request.isMultipart() ? [] : findNulBytes(request.body)),
  ];
  if (errors.length > 0) throw new RuleViolation(errors);
}
