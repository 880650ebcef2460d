import { RuleViolation } from '@vaxel/domain';

/**
 * Keyset paging cursor: the sort key of the last row returned (time and id), opaque to clients
 * as base64url of a small JSON array. A cursor that does not decode is a client error.
 */
export type CursorKey = { at: string; id: string };

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new RuleViolation([{ path: 'cursor', message: 'is not a cursor returned by a previous page' }]);
}
