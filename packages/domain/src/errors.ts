/**
 * The domain's few named errors. The API maps them to RFC 9457 problem+json in one place
 * (packages/api/src/problem.ts); the switch maps them to SIP responses in one place.
 */
/** `code`, when present, says which rule failed in a way a client can translate (password_too_short …). */
export type FieldError = { path: string; message: string; code?: string };

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A rule of the model refuses the change (400/422 territory): each failing field named. */
export class RuleViolation extends DomainError {
  constructor(
    readonly errors: FieldError[],
    code = 'validation_failed',
  ) {
    super(code, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

/** The thing does not exist in this organisation (or the caller may not know it exists). */
export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`, { what, id });
  }
}

/** The change collides with the current state: a number already taken, a name in use, quota reached, a file in use. */
export class Conflict extends DomainError {}

export type Usage = { type: string; id: string; name: string; field: string };

export class InUse extends Conflict {
  constructor(
    what: string,
    readonly usages: Usage[],
  ) {
    super('in_use', `${what} is in use by ${usages.map((u) => `${u.type} "${u.name}" (${u.field})`).join(', ')}`, {
      usages,
    });
  }
}

export class QuotaExceeded extends Conflict {
  constructor(item: string, total: number) {
    super(
      'quota_exceeded',
      `Your package includes ${total} ${item === 'responseGroup' ? 'response groups' : 'IVR menus'} and all are in use. ` +
        'Buy more under Subscription (POST /subscription/purchases) and try again.',
      { item, total },
    );
  }
}
