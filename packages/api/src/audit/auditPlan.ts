import type { SettingAction } from '@vaxel/domain';

/**
 * How the audit log records a mutating route, worked out from the route table alone, so a route
 * added tomorrow is recorded without anyone remembering to (auditCoverage.test.ts walks every
 * route). A route may say more in `config.audit` where the table cannot tell:
 * - `{ skip: 'why' }` for a POST that changes nothing (a text-to-speech preview);
 * - `{ objectType }` when the URL does not name the object (POST /audio-files/tts makes an audio file);
 * - `{ read }` the GET route (full URL template) whose answer is the object's state;
 * - `{ fieldPrefix }` the prefix of the changed fields' paths when the words after the object's
 *   id in `read` do not name a part of it (a group's agents, readable by its supervisors, whose
 *   answer carries the group's `agents` field itself).
 */
export type AuditRouteConfig = { skip: string } | { objectType?: string; read?: string; fieldPrefix?: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: AuditRouteConfig;
  }
}

/** A route as the planner sees it. `json`: a GET whose 200 answer is JSON (not audio, not CSV). */
export type AuditedRoute = { method: string; url: string; audit?: AuditRouteConfig | undefined; json: boolean };

export type AuditPlan =
  | { kind: 'skip'; reason: string }
  /** A mutating route the planner cannot read a state for: the coverage test fails on it. */
  | { kind: 'unplanned'; reason: string }
  | {
      kind: 'record';
      action: SettingAction;
      objectType: string;
      /** Path parameter with the object's id; null for a create (the id is in the answer) or a singleton. */
      objectIdParam: string | null;
      /** GET route whose answer is the object's state before (and after) the change; null for a create. */
      stateRoute: string | null;
      /** The state is the element of stateRoute's list whose `id` (or field named like the parameter) matches. */
      pickFromList: boolean;
      /** GET route of the object itself when the state is a part of it (a user's routing): read for its name. */
      objectRoute: string | null;
      /** Prefix of the field paths when the state is a part of the object (`routing`). */
      fieldPrefix: string;
    };

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The namespaces whose changes are settings: an organisation's resources and the operator's.
 * Account routes (/auth, /me) report security events instead (securityEvents.ts).
 */
function namespaceOf(url: string, apiPrefix: string): { root: string; rest: string[] } | null {
  for (const root of [`${apiPrefix}/orgs/:orgId`, `${apiPrefix}/operator`]) {
    if (url.startsWith(`${root}/`)) return { root, rest: url.slice(root.length + 1).split('/') };
  }
  return null;
}

const isParam = (segment: string | undefined) => segment !== undefined && segment.startsWith(':');

const camel = (kebab: string) => kebab.replace(/[-_.]([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `response-groups` → `responseGroup`, `recording-policies` → `recordingPolicy`, `guest-passes` → `guestPass`. */
export function singular(collection: string): string {
  const name = camel(collection);
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (/(ss|ch|sh|x)es$/.test(name)) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

export function isMutating(method: string): boolean {
  return mutating.has(method);
}

/** The plan for one route; null when the route is not a setting (a GET, or outside the namespaces). */
export function planAudit(route: AuditedRoute, routes: readonly AuditedRoute[], apiPrefix: string): AuditPlan | null {
  if (!isMutating(route.method)) return null;
  const namespace = namespaceOf(route.url, apiPrefix);
  if (!namespace) return null;
  const config = route.audit;
  if (config && 'skip' in config) return { kind: 'skip', reason: config.skip };
  const { root, rest } = namespace;
  const last = rest.at(-1);

  // POST to a collection makes a new object: its state is the answer, there is none before.
  if (route.method === 'POST' && !isParam(last)) {
    return {
      kind: 'record',
      action: 'create',
      objectType: config?.objectType ?? singular(last ?? 'object'),
      objectIdParam: null,
      stateRoute: null,
      pickFromList: false,
      objectRoute: null,
      fieldPrefix: '',
    };
  }

  const readable = new Set(routes.filter((r) => r.method === 'GET' && r.json).map((r) => r.url));
  let stateRoute: string | null = config?.read ?? null;
  if (stateRoute !== null && !readable.has(stateRoute)) {
    return { kind: 'unplanned', reason: `config.audit.read names ${stateRoute}, which is no JSON GET route` };
  }
  // The GET twin, or else the nearest enclosing resource that can be read (a group for its agent's login).
  for (let length = rest.length; stateRoute === null && length >= 1; length -= 1) {
    const candidate = `${root}/${rest.slice(0, length).join('/')}`;
    if (readable.has(candidate)) stateRoute = candidate;
  }
  if (stateRoute === null)
    return { kind: 'unplanned', reason: 'no GET route reads the state of what it changes; declare config.audit' };

  const stateRest = stateRoute.slice(root.length + 1).split('/');
  const action: SettingAction = route.method === 'DELETE' ? 'delete' : 'update';
  const plan = {
    kind: 'record' as const,
    action,
    stateRoute,
    pickFromList: false,
    objectRoute: null as string | null,
    fieldPrefix: '',
  };

  // The list whose element the route changes (DELETE …/numbers/:number read from GET …/numbers);
  // a route that names its state route (`config.audit.read`) takes that route's answer whole.
  if (
    config?.read === undefined &&
    !isParam(stateRest.at(-1)) &&
    rest.length === stateRest.length + 1 &&
    isParam(last)
  ) {
    return {
      ...plan,
      objectType: config?.objectType ?? singular(stateRest.at(-1)!),
      objectIdParam: last!.slice(1),
      pickFromList: true,
    };
  }
  // The object named by the state's last parameter; words after it name a part of the object.
  let index = stateRest.length - 1;
  while (index >= 0 && !isParam(stateRest[index])) index -= 1;
  if (index >= 1) {
    const part = stateRest.slice(index + 1);
    const objectRoute = `${root}/${stateRest.slice(0, index + 1).join('/')}`;
    return {
      ...plan,
      objectType: config?.objectType ?? singular(stateRest[index - 1]!),
      objectIdParam: stateRest[index]!.slice(1),
      objectRoute: part.length > 0 && readable.has(objectRoute) ? objectRoute : null,
      fieldPrefix: config?.fieldPrefix ?? part.map(camel).join('.'),
    };
  }
  // A setting the organisation has once (response-group-defaults): no id of its own.
  return { ...plan, objectType: config?.objectType ?? camel(stateRest.join('-')), objectIdParam: null };
}
