import type { FastifyRequest, onRouteHookHandler, RouteOptions } from 'fastify';
import type { AuditActor, AuditChange, NewAuditEntry } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { Clock } from '../deps.ts';
import type { App } from '../http/app.ts';
import { isMutating, planAudit, singular, type AuditedRoute, type AuditPlan } from './auditPlan.ts';
import { changedFields, createdFields, deletedFields, displayName, objectIdOf } from './changes.ts';
import { collectSecrets, redacted, redactSecrets, secretPaths } from './redact.ts';

/**
 * Every change of a setting goes to the audit log, by one mechanism for every mutating route
 * under /orgs/:orgId/… and /operator/… (routes added later included; auditCoverage.test.ts
 * proves each one is planned):
 *
 * 1. At start, each route gets a plan from the route table (auditPlan.ts): what kind of object it
 *    changes and which GET route reads that object's state (its GET twin, or the nearest enclosing
 *    resource). A route says more in `config.audit` only where the table cannot tell.
 * 2. preHandler (after authorisation and validation): the state before is read by `app.inject`
 *    of that GET with the caller's own credentials, so the read is exactly as tenant-scoped and
 *    permission-checked as the change itself. The actor is taken as they are at this moment.
 * 3. onSend, when the answer is 2xx: the state after (the answer of a create or of the GET twin,
 *    otherwise the GET again) is compared with the state before; the fields that changed go into
 *    one entry, with secrets redacted. Writing here, before the answer leaves, means a client that
 *    saw its change succeed finds it in the log on its next request.
 *
 * The audit log never fails or blocks a change: a failed read or write is logged and the request
 * goes on. The change and its entry are not one transaction (the mechanism sits outside every
 * service); a crash between the two loses the entry, and two changes of one object at the same
 * moment may each see the other's fields in their before/after states.
 */

export type UploadMetadata = { field: string; fileName: string | null; mimeType: string; bytes: number };

type RecordPlan = Extract<AuditPlan, { kind: 'record' }>;
type Pending = {
  plan: RecordPlan;
  before: unknown;
  objectName: string | null;
  actor: AuditActor;
  knownSecrets: string[];
  unplanned: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    auditPending: Pending | null;
    auditUpload: UploadMetadata | null;
  }
  interface FastifyInstance {
    /** How the audit log records a route (null: not a setting), for the coverage test. */
    auditPlanFor(method: string, url: string): AuditPlan | null;
  }
}

/** An upload's metadata goes into the entry of the change; the bytes never do. */
export function noteUploadForAudit(request: FastifyRequest, upload: UploadMetadata): void {
  request.auditUpload = upload;
}

/** Is this route's answer JSON (not audio, CSV or another file)? Only JSON states can be compared. */
function answersJson(route: RouteOptions): boolean {
  const schema = route.schema as { produces?: string[]; response?: Record<string, unknown> } | undefined;
  if (schema?.produces && !schema.produces.some((type) => type.includes('json'))) return false;
  const ok = schema?.response?.['200'];
  if (
    ok &&
    typeof ok === 'object' &&
    typeof (ok as { safeParse?: unknown }).safeParse !== 'function' &&
    'content' in ok
  ) {
    return Object.keys((ok as { content: object }).content).some((type) => type.includes('json'));
  }
  return true;
}

const fill = (template: string, params: Record<string, unknown>) =>
  template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function parseJson(payload: unknown): unknown {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function installAuditTrail(app: App, deps: { store: Store; clock: Clock; apiPrefix: string }): void {
  const routes: AuditedRoute[] = [];
  const plans = new Map<string, AuditPlan>();
  const onRoute: onRouteHookHandler = (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method !== 'HEAD')
        routes.push({ method, url: route.url, audit: route.config?.audit, json: answersJson(route) });
    }
  };
  app.addHook('onRoute', onRoute);
  const planFor = (method: string, url: string): AuditPlan | null => {
    const key = `${method} ${url}`;
    if (!plans.has(key)) {
      const route = routes.find((r) => r.method === method && r.url === url);
      const plan = route ? planAudit(route, routes, deps.apiPrefix) : null;
      if (plan) plans.set(key, plan);
      else return null;
    }
    return plans.get(key) ?? null;
  };
  app.decorate('auditPlanFor', planFor);
  app.decorateRequest('auditPending', null);
  app.decorateRequest('auditUpload', null);

  /** A GET through the whole app as the caller: null when there is nothing (404). */
  async function read(request: FastifyRequest, url: string): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (typeof request.headers.authorization === 'string') headers.authorization = request.headers.authorization;
    if (typeof request.headers.cookie === 'string') headers.cookie = request.headers.cookie;
    const response = await app.inject({ method: 'GET', url, headers });
    if (response.statusCode === 404) return null;
    if (response.statusCode !== 200)
      throw new Error(`reading ${url.split('?')[0]} for the audit log answered ${response.statusCode}`);
    return JSON.parse(response.body) as unknown;
  }

  async function readState(request: FastifyRequest, plan: RecordPlan): Promise<unknown> {
    if (plan.stateRoute === null) return undefined;
    const params = request.params as Record<string, unknown>;
    const state = await read(request, fill(plan.stateRoute, params));
    if (!plan.pickFromList) return state;
    const id = String(params[plan.objectIdParam ?? ''] ?? '');
    const list = Array.isArray(state) ? state : [];
    return list.find((item) => isRecord(item) && (item.id === id || item[plan.objectIdParam ?? 'id'] === id)) ?? null;
  }

  async function actorOf(request: FastifyRequest): Promise<AuditActor> {
    const principal = request.principal;
    if (principal?.kind === 'operator') return { kind: 'operator', accountId: null, name: 'Operator', email: null };
    if (principal?.kind === 'account') {
      const account = await deps.store.accounts.get(principal.accountId);
      const name = account?.name || request.member?.user.name || account?.email || '';
      return { kind: 'account', accountId: principal.accountId, name, email: account?.email ?? null };
    }
    return { kind: 'system', accountId: null, name: 'Växel', email: null };
  }

  app.addHook('preHandler', async (request) => {
    request.auditPending = null;
    const url = request.routeOptions.url;
    if (!url || !isMutating(request.method)) return;
    let plan = planFor(request.method, url);
    if (!plan || plan.kind === 'skip') return;
    let unplanned = false;
    if (plan.kind === 'unplanned') {
      // Still recorded, from the answer alone; the coverage test fails until the route is planned.
      request.log.warn({ route: `${request.method} ${url}` }, `audit log: route is not planned (${plan.reason})`);
      unplanned = true;
      const last =
        url
          .split('/')
          .filter((s) => s && !s.startsWith(':'))
          .at(-1) ?? 'object';
      plan = {
        kind: 'record',
        action: request.method === 'DELETE' ? 'delete' : request.method === 'POST' ? 'create' : 'update',
        objectType: singular(last),
        objectIdParam: null,
        stateRoute: null,
        pickFromList: false,
        objectRoute: null,
        fieldPrefix: '',
      };
    }
    try {
      const pending: Pending = {
        plan,
        before: undefined,
        objectName: null,
        actor: await actorOf(request),
        knownSecrets: collectSecrets(request.body),
        unplanned,
      };
      request.auditPending = pending;
      pending.before = await readState(request, plan);
    } catch (error) {
      // The change goes on; the entry says its state before is unknown (or, without an actor, is not written).
      request.log.error({ err: error }, 'audit log: the state before the change could not be read');
    }
    if (request.auditPending && plan.objectRoute) {
      try {
        request.auditPending.objectName = displayName(
          await read(request, fill(plan.objectRoute, request.params as Record<string, unknown>)),
        );
      } catch (error) {
        // Only the name: a caller who may change a part (a supervisor, an agent's login) need not read the whole object.
        request.log.debug({ err: error }, 'audit log: the name of the changed object could not be read');
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.auditPending;
    if (!pending) return payload;
    request.auditPending = null;
    if (reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    try {
      for (const entry of await entriesFor(request, pending, payload)) await deps.store.auditLog.append(entry);
    } catch (error) {
      request.log.error({ err: error }, 'audit log: the entry could not be written');
    }
    return payload;
  });

  async function entriesFor(request: FastifyRequest, pending: Pending, payload: unknown): Promise<NewAuditEntry[]> {
    const { plan } = pending;
    const params = request.params as Record<string, unknown>;
    const answer = parseJson(payload);
    let after: unknown;
    let afterUnknown = false;
    if (plan.action === 'create' || plan.stateRoute === null) after = answer;
    else if (plan.action === 'update' && plan.stateRoute === request.routeOptions.url && !plan.pickFromList)
      after = answer;
    else if (plan.action === 'update') {
      try {
        after = await readState(request, plan);
      } catch (error) {
        // A change that ends the caller's own session cannot be read back as them; it is still recorded.
        request.log.error({ err: error }, 'audit log: the state after the change could not be read');
        afterUnknown = true;
      }
    }
    const secrets = [...pending.knownSecrets, ...collectSecrets(answer)];
    const before = redactSecrets(pending.before, secrets);
    const base = {
      at: deps.clock.now().toISOString(),
      actor: pending.actor,
      sourceAddress: request.ip || null,
      action: plan.action,
      objectType: plan.objectType,
      detail: detailOf(request, pending, afterUnknown),
    };
    const prefix = (changes: AuditChange[]) =>
      plan.fieldPrefix ? changes.map((c) => ({ ...c, field: `${plan.fieldPrefix}.${c.field}` })) : changes;
    // A secret the request sets is a change even when the readable state stays the same.
    const withSecrets = (changes: AuditChange[]) => {
      const set = secretPaths(request.body)
        .map((path) => (plan.fieldPrefix ? `${plan.fieldPrefix}.${path}` : path))
        .filter((path) => !changes.some((c) => c.field === path));
      return [...changes, ...set.map((field) => ({ field, after: redacted }))];
    };
    const organisationFor = (objectId: string | null) =>
      typeof params.orgId === 'string' ? params.orgId : plan.objectType === 'organisation' ? objectId : null;

    if (plan.action === 'create') {
      // One entry per object made (numbers are allocated several at a time).
      const created = Array.isArray(after) ? after : [after];
      return created.map((item) => {
        const state = redactSecrets(item, secrets);
        const objectId = objectIdOf(item);
        return {
          ...base,
          organisationId: organisationFor(objectId),
          objectId,
          objectName: displayName(state),
          changes: withSecrets(createdFields(state)),
        };
      });
    }
    const objectId = plan.objectIdParam ? String(params[plan.objectIdParam] ?? '') : null;
    const state = redactSecrets(after, secrets);
    // Without a state before (unreadable, or the route is not planned) the entry shows the state after.
    const known = pending.before !== undefined && pending.before !== null;
    const changes =
      plan.action === 'delete'
        ? prefix(deletedFields(before))
        : withSecrets(prefix(afterUnknown ? [] : known ? changedFields(before, state) : createdFields(state)));
    if (plan.action === 'update' && changes.length === 0 && !afterUnknown) return [];
    return [
      {
        ...base,
        organisationId: organisationFor(objectId),
        objectId,
        objectName: displayName(state) ?? displayName(before) ?? pending.objectName,
        changes,
      },
    ];
  }

  function detailOf(request: FastifyRequest, pending: Pending, afterUnknown: boolean): Record<string, unknown> | null {
    const detail: Record<string, unknown> = {};
    if (request.auditUpload) detail.upload = request.auditUpload;
    if (pending.unplanned || (pending.plan.stateRoute !== null && pending.before === undefined))
      detail.stateBeforeUnknown = true;
    if (afterUnknown) detail.stateAfterUnknown = true;
    return Object.keys(detail).length > 0 ? detail : null;
  }
}
