import { Conflict, DomainError } from '@vaxel/domain';
import { ruleByColumns, ruleByName } from './constraints.ts';

/**
 * A row collides with a unique rule (a number allocated twice, an extension or SIP username
 * taken). `constraint` is the rule's name (constraints.ts), `field` the API field it is about.
 */
export class UniqueViolation extends Conflict {
  constructor(
    readonly constraint: string,
    readonly field: string,
    message = `${field} is already in use`,
  ) {
    super('conflict', message, { constraint, field });
  }
}

/**
 * A row refers to something that does not exist in the organisation (a team member who is not a
 * user of the organisation, say). Services check references first; this is the safety net.
 */
export class ForeignKeyViolation extends Conflict {
  constructor(readonly constraint: string | null) {
    super('conflict', 'the change refers to something that does not exist in this organisation', { constraint });
  }
}

type DriverError = Error & { code?: unknown; constraint?: unknown; table?: unknown; detail?: unknown };

/**
 * Turns the drivers' constraint errors into the named errors above, the same on both dialects:
 * better-sqlite3 `SQLITE_CONSTRAINT_*` and PostgreSQL SQLSTATE 23505 / 23503. Anything else is
 * returned unchanged.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof DomainError) return error;
  const e = error as DriverError;
  if (e.code === '23505') {
    const name = typeof e.constraint === 'string' ? e.constraint : 'unknown';
    const rule = ruleByName(name);
    return new UniqueViolation(name, rule?.field ?? fieldFromDetail(e.detail) ?? name);
  }
  if (e.code === '23503') return new ForeignKeyViolation(typeof e.constraint === 'string' ? e.constraint : null);
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: users.organisation_id, users.extension"
    const list = e.message.split(':')[1] ?? '';
    const qualified = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const table = qualified[0]?.split('.')[0] ?? '';
    const columns = qualified.map((q) => q.split('.')[1] ?? q);
    const rule = ruleByColumns(table, columns);
    return new UniqueViolation(
      rule?.name ?? `${table}(${columns.join(',')})`,
      rule?.field ?? columns.at(-1) ?? 'unknown',
    );
  }
  if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ForeignKeyViolation(null);
  return error;
}

function fieldFromDetail(detail: unknown): string | undefined {
  // "Key (organisation_id, extension)=(…) already exists."
  const match = typeof detail === 'string' ? /^Key \(([^)]*)\)/.exec(detail) : null;
  return match?.[1]?.split(',').at(-1)?.trim();
}

/**
 * Wraps every method of a repository so driver errors leave the store already translated.
 * One place instead of a try/catch in every method. `beforeEachCall` may refuse the call.
 */
export function withTranslatedErrors<T extends object>(repository: T, beforeEachCall?: () => void): T {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        beforeEachCall?.();
        try {
          return await value.apply(target, args);
        } catch (error) {
          throw translateDatabaseError(error);
        }
      };
    },
  });
}
