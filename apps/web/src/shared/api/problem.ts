/**
 * RFC 9457 problem details as the Växel API sends them, and how the console maps their
 * `errors[].path` onto the form fields that caused them. Given the translate function, a field
 * error with a `code` the console knows (fieldErrors.* in the dictionaries, e.g. password_common)
 * is shown in the console's language.
 */
export type ProblemFieldError = { path: string; message: string; code?: string };

export type Usage = { type: string; id: string; name: string; field: string };

export type Problem = {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: ProblemFieldError[];
  usages?: Usage[];
  [extra: string]: unknown;
};

/** A refused request: what the server said, kept whole so screens can show it beside its cause. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

/** Errors keyed by dotted field path (`settings.queue.maxWaitSeconds`, `keys.1.userId`). */
export type FieldErrors = Record<string, string>;

/**
 * Brings a server path to the console's dotted form. The API may say `settings.queue.x`,
 * `/settings/queue/x`, `body.settings.queue.x` or `keys[1]`; all mean the same field.
 */
export function normalisePath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\w+|\*|#)\]/g, '.$1')
    .replace(/^body\./, '')
    .replace(/^\.+|\.+$/g, '');
}

type Translate = (key: string, options: { defaultValue: string }) => string;

/** The field errors of a problem, first message per path kept. Empty for problems without `errors`. */
export function problemFieldErrors(error: unknown, translate?: Translate): FieldErrors {
  const problem = error instanceof ApiError ? error.problem : undefined;
  const out: FieldErrors = {};
  for (const e of problem?.errors ?? []) {
    const key = normalisePath(e.path);
    if (!(key in out))
      out[key] = e.code && translate ? translate(`fieldErrors.${e.code}`, { defaultValue: e.message }) : e.message;
  }
  return out;
}

/** The error of exactly this field, or of anything inside it (a nested editor shows its children's). */
export function fieldError(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const inside = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return inside ? `${inside.slice(path.length + 1)}: ${errors[inside]}` : undefined;
}

/** Errors below `prefix`, with the prefix taken off, for a nested editor. */
export function scopeErrors(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    if (k === prefix) out[''] = v;
    else if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  }
  return out;
}

/**
 * Field errors whose path no shown field claims; a form lists these in its general error box
 * so nothing the server said is lost.
 */
export function unclaimedErrors(errors: FieldErrors, shownPaths: string[]): ProblemFieldError[] {
  return Object.entries(errors)
    .filter(([path]) => !shownPaths.some((shown) => path === shown || path.startsWith(`${shown}.`)))
    .map(([path, message]) => ({ path, message }));
}
