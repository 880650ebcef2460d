import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeys, type RegisteredRoute } from '../src/index.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * The authorisation matrix, generated from the routes as registered (each declares its
 * permission in its route config). A new route is covered without anyone remembering to.
 */
let h: Harness;
let a: TestOrganisation;
let b: TestOrganisation;
let memberToken: string;
let params: Record<string, string>;
let secretsOfA: string[];

beforeAll(async () => {
  h = await startHarness();
  a = await h.organisation({ name: 'Alpha Secret Holdings' });
  b = await h.organisation({ name: 'Bravo Other Org' });
  const member = await a.member();
  memberToken = member.token;
  const team = (await a.req('POST', '/teams', { name: 'Alpha Hidden Team' })).json();
  const group = (
    await a.req('POST', '/response-groups', {
      name: 'Alpha Hidden Group',
      number: a.numbers.landline[0],
      numericId: '1',
    })
  ).json();
  const menu = (
    await a.req('POST', '/ivr-menus', {
      name: 'Alpha Hidden Menu',
      number: a.numbers.landline[1],
      prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
    })
  ).json();
  const file = (
    await a.req('POST', '/audio-files/tts', { name: 'Alpha Hidden Greeting', language: 'sv-SE', text: 'Välkommen' })
  ).json();
  const display = (await a.req('POST', '/display-numbers', { number: a.numbers.landline[2] })).json();
  const policy = (
    await a.req('POST', '/recording-policies', { scope: { type: 'organisation' }, mode: 'always' })
  ).json();
  const call = await h.store.calls.create(a.org.id, {
    direction: 'inbound',
    startedAt: new Date().toISOString(),
    answeredAt: null,
    endedAt: null,
    fromNumber: '+46701111111',
    fromName: 'Alpha Hidden Caller',
    toNumber: a.numbers.landline[0]!,
    fromUserId: null,
    toUserId: null,
    responseGroupId: null,
    ivrMenuId: null,
    answeredByUserId: null,
    outcome: null,
    waitSeconds: null,
    talkSeconds: null,
    path: [],
    recordingId: null,
    emergency: false,
  });
  const recording = await h.store.recordings.create(a.org.id, {
    callId: call.id,
    durationMs: 1000,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const trunk = (await h.operator('POST', '/api/v1/operator/trunks', { name: 'Carrier', host: '127.0.0.1' })).json();
  const [auditEntry] = (await h.store.auditLog.search(a.org.id, { limit: 1 })).entries;
  const session = (await h.as(a.adminToken, 'GET', '/api/v1/me/sessions')).json()[0];
  // The member's own voicemail box holds a message: member routes open it (voicemail/service.ts).
  const message = await h.store.voicemail.create(a.org.id, {
    box: { type: 'user', userId: member.user.id },
    callId: call.id,
    fromNumber: '+46701111111',
    fromName: 'Alpha Hidden Caller',
    durationMs: 1000,
    heard: false,
    createdAt: new Date().toISOString(),
  });
  await h.files.put(fileKeys.voicemail(a.org.id, message.id), Buffer.from('RIFF'));
  const pending = (
    await a.req('POST', '/users', { name: 'Ivy Invitee', email: 'invitee@alpha.test', extension: '299' })
  ).json();
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
    callId: call.id,
    trunkId: trunk.id,
    address: '203.0.113.5',
    number: a.numbers.landline[3]!,
    entryId: auditEntry?.id ?? '',
    sessionId: session.id,
    token: pending.invitation.token,
    boxId: `user-${member.user.id}`,
    messageId: message.id,
  };
  for (const [name, value] of Object.entries(params)) if (!value) throw new Error(`fixture ${name} missing`);
  secretsOfA = ['Alpha Secret Holdings', 'Alpha Hidden', a.admin.name, member.user.name, a.adminEmail];
});
afterAll(async () => h.close());

function url(route: RegisteredRoute, values: Record<string, string>): string {
  return route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no fixture for :${name} in ${route.url}`);
    return encodeURIComponent(value);
  });
}

/** An `involved` route about one object (not a list): refused to a user the object does not concern. */
const aboutOneObject = (route: RegisteredRoute) => /:(?!orgId)[A-Za-z]+/.test(route.url);
const bodyFor = (route: RegisteredRoute) => (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
const label = (route: RegisteredRoute) => `${route.method} ${route.url}`;

describe('the route table', () => {
  it('has every API route declare its permission', async () => {
    const routes = h.app.vaxelRoutes;
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.permission === undefined).map(label)).toEqual([]);
  });

  it("keeps where an agent is rung a phone-system setting, and lets the group's supervisors log agents in and out (the wallboard)", () => {
    const agentRoutes = h.app.vaxelRoutes.filter((r) => r.url.includes('/response-groups/:groupId/agents/:userId'));
    expect(agentRoutes.map((r) => `${label(r)} ${r.permission}`).sort()).toEqual([
      'PATCH /api/v1/orgs/:orgId/response-groups/:groupId/agents/:userId phone_system',
      'PUT /api/v1/orgs/:orgId/response-groups/:groupId/agents/:userId/login supervisor',
    ]);
  });
});

describe('organisation routes', () => {
  const orgRoutes = () =>
    h.app.vaxelRoutes.filter(
      (r) =>
        r.permission === 'phone_system' ||
        r.permission === 'member' ||
        r.permission === 'involved' ||
        r.permission === 'supervisor',
    );

  it('refuse requests without credentials with 401', async () => {
    const failures: string[] = [];
    for (const route of orgRoutes()) {
      const res = await h.as(null, route.method, url(route, params), bodyFor(route));
      if (res.statusCode !== 401) failures.push(`${label(route)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuse the operator token with 401 (it is not a user of any organisation)', async () => {
    const failures: string[] = [];
    for (const route of orgRoutes()) {
      const res = await h.as(h.operatorToken, route.method, url(route, params), bodyFor(route));
      if (res.statusCode !== 401) failures.push(`${label(route)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuse a user without phone_system with 403 on phone-system routes, on the routes of groups they do not supervise and on objects that do not concern them, and let them read the organisation summary, their own lists and their own voicemail box', async () => {
    const failures: string[] = [];
    for (const route of orgRoutes()) {
      const res = await h.as(memberToken, route.method, url(route, params), bodyFor(route));
      // A member route with a body is past authorisation when it judges the (empty) body: 400.
      const refused =
        route.permission === 'phone_system' ||
        route.permission === 'supervisor' ||
        (route.permission === 'involved' && aboutOneObject(route));
      const expected = refused ? 403 : bodyFor(route) ? 400 : route.method === 'DELETE' ? 204 : 200;
      if (route.permission === 'involved' && res.body.includes(params.recordingId!))
        failures.push(`${label(route)} showed a recording of a call the user was not in`);
      if (res.statusCode !== expected) failures.push(`${label(route)} → ${res.statusCode}, expected ${expected}`);
      if (expected === 403 && res.json().code !== 'forbidden') failures.push(`${label(route)} code ${res.json().code}`);
    }
    expect(failures).toEqual([]);
  });

  it("answer an admin of another organisation with 404 and never show the organisation's names", async () => {
    const failures: string[] = [];
    for (const route of orgRoutes()) {
      const res = await h.as(b.adminToken, route.method, url(route, params), bodyFor(route));
      if (res.statusCode !== 404) failures.push(`${label(route)} → ${res.statusCode}`);
      const leaked = [...secretsOfA, a.org.id].filter((s) => res.body.includes(s));
      if (leaked.length > 0) failures.push(`${label(route)} leaked ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it("answer another organisation's resource ids inside one's own organisation with 404 (or 400 for an invalid body), never 2xx or a leak", async () => {
    const failures: string[] = [];
    const withResource = orgRoutes().filter((r) => /:(?!orgId)[A-Za-z]+/.test(r.url));
    expect(withResource.length).toBeGreaterThan(20);
    for (const route of withResource) {
      const res = await h.as(b.adminToken, route.method, url(route, { ...params, orgId: b.org.id }), bodyFor(route));
      if (![400, 404].includes(res.statusCode)) failures.push(`${label(route)} → ${res.statusCode}`);
      const leaked = secretsOfA.filter((s) => res.body.includes(s));
      if (leaked.length > 0) failures.push(`${label(route)} leaked ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('routes for those a call concerns (involved)', () => {
  const involvedRoutes = () => h.app.vaxelRoutes.filter((r) => r.permission === 'involved');
  let own: { recordingId: string; callId: string };
  let supervised: { recordingId: string };
  let recordedUser: string;
  let supervisor: string;

  beforeAll(async () => {
    const answerer = await a.member();
    const boss = await a.member();
    recordedUser = answerer.token;
    supervisor = boss.token;
    const pro = await a.req('PATCH', `/users/${boss.user.id}`, { licence: 'pro' });
    if (pro.statusCode !== 200) throw new Error(pro.body);
    const created = await a.req('POST', '/response-groups', {
      name: 'Alpha Supervised Group',
      number: a.numbers.landline[4],
      numericId: '2',
      supervisorIds: [boss.user.id],
    });
    if (created.statusCode !== 201) throw new Error(created.body);
    const group = created.json();
    const recorded = async (fields: { answeredByUserId?: string; responseGroupId?: string }) => {
      const call = await h.store.calls.create(a.org.id, {
        direction: 'inbound',
        startedAt: new Date().toISOString(),
        answeredAt: null,
        endedAt: null,
        fromNumber: '+46702222222',
        fromName: null,
        toNumber: a.numbers.landline[4]!,
        fromUserId: null,
        toUserId: null,
        responseGroupId: fields.responseGroupId ?? null,
        ivrMenuId: null,
        answeredByUserId: fields.answeredByUserId ?? null,
        outcome: null,
        waitSeconds: null,
        talkSeconds: null,
        path: [],
        recordingId: null,
        emergency: false,
      });
      const recording = await h.store.recordings.create(a.org.id, {
        callId: call.id,
        durationMs: 10,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      await h.files.put(fileKeys.recording(a.org.id, recording.id), Buffer.from('RIFF recorded'));
      return { recordingId: recording.id, callId: call.id };
    };
    own = await recorded({ answeredByUserId: answerer.user.id });
    supervised = await recorded({ responseGroupId: group.id });
  });

  it('exist for listing, showing and playing recordings', () => {
    expect(involvedRoutes().map(label).sort()).toEqual(
      [
        'GET /api/v1/orgs/:orgId/recordings',
        'GET /api/v1/orgs/:orgId/recordings/:recordingId',
        'GET /api/v1/orgs/:orgId/recordings/:recordingId/content',
      ].sort(),
    );
  });

  it("let the user who answered the call list, show and play its recording, and no one else's", async () => {
    const failures: string[] = [];
    for (const route of involvedRoutes()) {
      const res = await h.as(recordedUser, route.method, url(route, { ...params, recordingId: own.recordingId }));
      if (res.statusCode !== 200) failures.push(`${label(route)} → ${res.statusCode}`);
      if (!aboutOneObject(route) && !res.body.includes(own.recordingId))
        failures.push(`${label(route)} left out their own recording`);
      if (res.body.includes(supervised.recordingId) || res.body.includes(params.recordingId!))
        failures.push(`${label(route)} showed another call's recording`);
      const other = await h.as(
        recordedUser,
        route.method,
        url(route, { ...params, recordingId: supervised.recordingId }),
      );
      if (aboutOneObject(route) && other.statusCode !== 403)
        failures.push(`${label(route)} of a call they were not in → ${other.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("let a group's supervisor list, show and play the recordings of calls through the group", async () => {
    const failures: string[] = [];
    for (const route of involvedRoutes()) {
      const res = await h.as(supervisor, route.method, url(route, { ...params, recordingId: supervised.recordingId }));
      if (res.statusCode !== 200) failures.push(`${label(route)} → ${res.statusCode}`);
      if (!aboutOneObject(route) && (!res.body.includes(supervised.recordingId) || res.body.includes(own.recordingId)))
        failures.push(`${label(route)} listed the wrong recordings`);
      const other = await h.as(supervisor, route.method, url(route, { ...params, recordingId: own.recordingId }));
      if (aboutOneObject(route) && other.statusCode !== 403)
        failures.push(`${label(route)} of a call outside their group → ${other.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('let phone_system list every recording, and only phone_system delete one', async () => {
    const listed = (await a.req('GET', '/recordings?limit=500')).json().recordings.map((r: { id: string }) => r.id);
    expect(listed).toEqual(expect.arrayContaining([own.recordingId, supervised.recordingId, params.recordingId]));
    expect(
      (await h.as(recordedUser, 'DELETE', `/api/v1/orgs/${a.org.id}/recordings/${own.recordingId}`)).statusCode,
    ).toBe(403);
    expect((await h.as(recordedUser, 'GET', `/api/v1/orgs/${a.org.id}/recordings/${own.recordingId}`)).statusCode).toBe(
      200,
    );
  });
});

describe("routes for a group's supervisors (supervisor)", () => {
  const supervisorRoutes = () => h.app.vaxelRoutes.filter((r) => r.permission === 'supervisor');
  // An organisation of its own: Alpha's package has room for no third group.
  let c: TestOrganisation;
  let supervisor: string;
  let agentId: string;
  let supervisedGroup: string;
  let otherGroup: string;

  beforeAll(async () => {
    c = await h.organisation({ name: 'Charlie Watched', package: 'unlimited' });
    const [boss, agent] = [await c.member(), await c.member()];
    supervisor = boss.token;
    agentId = agent.user.id;
    expect((await c.req('PATCH', `/users/${boss.user.id}`, { licence: 'pro' })).statusCode).toBe(200);
    const group = async (numericId: string, supervisorIds: string[]) => {
      const created = await c.req('POST', '/response-groups', {
        name: `Group ${numericId}`,
        number: c.numbers.landline[Number(numericId)],
        numericId,
        agentIds: [agentId],
        supervisorIds,
      });
      if (created.statusCode !== 201) throw new Error(created.body);
      return created.json().id as string;
    };
    supervisedGroup = await group('1', [boss.user.id]);
    otherGroup = await group('2', []);
  });
  const at = (groupId: string) => ({ ...params, orgId: c.org.id, groupId, userId: agentId });

  it("exist for the live view, the group's agents and logging them in and out", () => {
    expect(supervisorRoutes().map(label).sort()).toEqual(
      [
        'GET /api/v1/orgs/:orgId/response-groups/:groupId/live',
        'GET /api/v1/orgs/:orgId/response-groups/:groupId/live/events',
        'GET /api/v1/orgs/:orgId/response-groups/:groupId/agents',
        'PUT /api/v1/orgs/:orgId/response-groups/:groupId/agents/:userId/login',
      ].sort(),
    );
  });

  it('let the supervisor of the group in (the event stream is read in responseGroupLive.test.ts)', async () => {
    const failures: string[] = [];
    for (const route of supervisorRoutes().filter((r) => !r.url.endsWith('/events'))) {
      const body = route.method === 'PUT' ? { loggedIn: true } : undefined;
      const res = await h.as(supervisor, route.method, url(route, at(supervisedGroup)), body);
      if (res.statusCode !== 200) failures.push(`${label(route)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuse the supervisor of one group on another group with 403, and show no settings to them', async () => {
    const failures: string[] = [];
    for (const route of supervisorRoutes()) {
      const res = await h.as(
        supervisor,
        route.method,
        url(route, at(otherGroup)),
        route.method === 'PUT' ? { loggedIn: false } : undefined,
      );
      if (res.statusCode !== 403) failures.push(`${label(route)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
    const own = await h.as(
      supervisor,
      'PUT',
      `/api/v1/orgs/${c.org.id}/response-groups/${supervisedGroup}/agents/${agentId}/login`,
      { loggedIn: true },
    );
    expect(own.json()).not.toHaveProperty('settings');
  });
});

describe('operator routes', () => {
  const operatorRoutes = () => h.app.vaxelRoutes.filter((r) => r.permission === 'operator');

  it('exist', () => expect(operatorRoutes().length).toBeGreaterThanOrEqual(14));

  it('refuse requests without credentials with 401 and user sessions with 403', async () => {
    const failures: string[] = [];
    for (const route of operatorRoutes()) {
      const none = await h.as(null, route.method, url(route, params), bodyFor(route));
      if (none.statusCode !== 401) failures.push(`${label(route)} without credentials → ${none.statusCode}`);
      const user = await h.as(a.adminToken, route.method, url(route, params), bodyFor(route));
      if (user.statusCode !== 403) failures.push(`${label(route)} with a user token → ${user.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('account routes', () => {
  it('exist for one’s password and sessions', () => {
    const routes = h.app.vaxelRoutes.filter((r) => r.permission === 'account').map(label);
    expect(routes).toEqual(
      expect.arrayContaining([
        'PUT /api/v1/me/password',
        'GET /api/v1/me/sessions',
        'DELETE /api/v1/me/sessions/:sessionId',
        'POST /api/v1/me/sessions/revoke-all',
      ]),
    );
  });

  it('refuse requests without credentials, and with the operator token, with 401', async () => {
    const failures: string[] = [];
    for (const route of h.app.vaxelRoutes.filter((r) => r.permission === 'account')) {
      const res = await h.as(null, route.method, url(route, params), bodyFor(route));
      if (res.statusCode !== 401) failures.push(`${label(route)} → ${res.statusCode}`);
      const operator = await h.as(h.operatorToken, route.method, url(route, params), bodyFor(route));
      if (operator.statusCode !== 401)
        failures.push(`${label(route)} with the operator token → ${operator.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("never reach another account's session: deleting it is 404 and it keeps working", async () => {
    const res = await h.as(
      b.adminToken,
      'DELETE',
      url({ method: 'DELETE', url: '/api/v1/me/sessions/:sessionId', permission: 'account' }, params),
    );
    expect(res.statusCode).toBe(404);
    expect((await h.as(a.adminToken, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });
});

describe('public routes', () => {
  it('are only the ones meant for people without a session: health, OpenAPI, login, invitation and reset links', () => {
    const routes = h.app.vaxelRoutes
      .filter((r) => r.permission === 'public')
      .map(label)
      .sort();
    expect(routes).toEqual(
      [
        'GET /api/v1/health',
        'GET /api/v1/openapi.json',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/password-reset',
        'GET /api/v1/auth/password-reset/:token',
        'POST /api/v1/auth/password-reset/:token',
        'GET /api/v1/auth/invitations/:token',
        'POST /api/v1/auth/invitations/:token/accept',
      ].sort(),
    );
  });

  it("show an invitation's holder nothing of the organisation beyond its name", async () => {
    const res = await h.as(null, 'GET', `/api/v1/auth/invitations/${params.token}`);
    expect(res.statusCode).toBe(200);
    const leaked = secretsOfA.filter((s) => s !== 'Alpha Secret Holdings' && res.body.includes(s));
    expect(leaked).toEqual([]);
  });
});
