import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../src/index.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * The audit log's coverage, generated from the routes as registered (like the authorisation
 * matrix): every route that changes a setting under /orgs/:orgId/… or /operator/… has a plan, and
 * the state each plan reads exists. A new route is covered without anyone remembering to; one
 * the planner cannot read a state for fails here until it declares `config.audit`.
 */
let h: Harness;
let a: TestOrganisation;
let params: Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  a = await h.organisation();
  const member = await a.member();
  const team = (await a.req('POST', '/teams', { name: 'Team' })).json();
  const group = (
    await a.req('POST', '/response-groups', {
      name: 'Group',
      number: a.numbers.landline[0],
      numericId: '1',
      agentIds: [member.user.id],
    })
  ).json();
  const menu = (
    await a.req('POST', '/ivr-menus', {
      name: 'Menu',
      number: a.numbers.landline[1],
      prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
    })
  ).json();
  const file = (
    await a.req('POST', '/audio-files/tts', { name: 'Greeting', language: 'sv-SE', text: 'Välkommen' })
  ).json();
  const display = (await a.req('POST', '/display-numbers', { number: a.numbers.landline[2] })).json();
  const policy = (
    await a.req('POST', '/recording-policies', { scope: { type: 'organisation' }, mode: 'always' })
  ).json();
  const trunk = (await h.operator('POST', '/api/v1/operator/trunks', { name: 'Carrier', host: '127.0.0.1' })).json();
  const recording = await h.store.recordings.create(a.org.id, {
    callId: 'call-of-the-recording',
    durationMs: 1000,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const message = await h.store.voicemail.create(a.org.id, {
    box: { type: 'user', userId: member.user.id },
    callId: null,
    fromNumber: '+46701111111',
    durationMs: 1000,
    heard: false,
    createdAt: new Date().toISOString(),
  });
  params = {
    orgId: a.org.id,
    userId: member.user.id,
    teamId: team.id,
    groupId: group.id,
    menuId: menu.id,
    fileId: file.id,
    displayNumberId: display.id,
    policyId: policy.id,
    recordingId: recording.id,
    trunkId: trunk.id,
    number: a.numbers.landline[3]!,
    boxId: `user-${member.user.id}`,
    messageId: message.id,
  };
  for (const [name, value] of Object.entries(params)) if (!value) throw new Error(`fixture ${name} missing`);
});
afterAll(async () => h.close());

const mutating = ['POST', 'PUT', 'PATCH', 'DELETE'];
const label = (route: RegisteredRoute) => `${route.method} ${route.url}`;
const settingRoutes = () =>
  h.app.vaxelRoutes.filter(
    (r) =>
      mutating.includes(r.method) &&
      (r.url.startsWith('/api/v1/orgs/:orgId/') || r.url.startsWith('/api/v1/operator/')),
  );

function fill(template: string): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no fixture for :${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

describe('the audit log', () => {
  it('sees every route that changes a setting', () => {
    expect(settingRoutes().length).toBeGreaterThan(35);
  });

  it('records each of them with the state it changes, or skips it for a stated reason', () => {
    const failures: string[] = [];
    for (const route of settingRoutes()) {
      const plan = h.app.auditPlanFor(route.method, route.url);
      if (plan === null) failures.push(`${label(route)}: no plan`);
      else if (plan.kind === 'unplanned') failures.push(`${label(route)}: ${plan.reason}`);
      else if (plan.kind === 'skip' && plan.reason.trim().length < 10)
        failures.push(`${label(route)}: skipped without a reason`);
      else if (plan.kind === 'record' && plan.action !== 'create' && plan.stateRoute === null)
        failures.push(`${label(route)}: an ${plan.action} without a state`);
    }
    expect(failures).toEqual([]);
  });

  it('can read, as the caller, the state of every object a change is recorded for', async () => {
    const failures: string[] = [];
    for (const route of settingRoutes()) {
      const plan = h.app.auditPlanFor(route.method, route.url);
      if (plan?.kind !== 'record') continue;
      const token = route.url.startsWith('/api/v1/operator/') ? h.operatorToken : a.adminToken;
      for (const read of [plan.stateRoute, plan.objectRoute]) {
        if (read === null) continue;
        const res = await h.as(token, 'GET', fill(read));
        if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('application/json')) {
          failures.push(`${label(route)}: GET ${read} → ${res.statusCode} ${res.headers['content-type']}`);
          continue;
        }
        if (read === plan.stateRoute && plan.pickFromList) {
          const id = params[plan.objectIdParam ?? ''];
          const found = (res.json() as Array<Record<string, unknown>>).some(
            (item) => item.id === id || item[plan.objectIdParam ?? 'id'] === id,
          );
          if (!found) failures.push(`${label(route)}: GET ${read} has no element ${id}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('leaves reads and account routes (which report security events instead) alone', () => {
    const planned = h.app.vaxelRoutes.filter(
      (r) => !settingRoutes().includes(r) && h.app.auditPlanFor(r.method, r.url) !== null,
    );
    expect(planned.map(label)).toEqual([]);
  });
});
