import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GroupLiveState, QueueLiveState, ResponseGroupLive } from '@vaxel/domain';
import { FakeClock } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * The port the switch implements (queue/liveState.ts there), in its simplest form: the state the
 * test sets, and a listener set per group. The API is what is under test; the port is its seam.
 */
class TestQueueLive implements QueueLiveState {
  readonly #states = new Map<string, GroupLiveState>();
  readonly #listeners = new Map<string, Set<() => void>>();
  group(organisationId: string, responseGroupId: string): GroupLiveState {
    return this.#states.get(`${organisationId}/${responseGroupId}`) ?? { queue: [], callbacks: [], agents: [] };
  }
  subscribe(organisationId: string, responseGroupId: string, listener: () => void): () => void {
    const key = `${organisationId}/${responseGroupId}`;
    const set = this.#listeners.get(key) ?? new Set();
    set.add(listener);
    this.#listeners.set(key, set);
    return () => set.delete(listener);
  }
  /** The switch changed the group's live state. */
  set(organisationId: string, responseGroupId: string, state: GroupLiveState): void {
    this.#states.set(`${organisationId}/${responseGroupId}`, state);
    for (const listener of [...(this.#listeners.get(`${organisationId}/${responseGroupId}`) ?? [])]) listener();
  }
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

// Wednesday 2 December 2026, 10:00 in Stockholm (UTC+1).
const clock = new FakeClock(Date.parse('2026-12-02T09:00:00Z'));
const minutesAgo = (minutes: number) => new Date(clock.now() - minutes * 60_000).toISOString();
const queueLive = new TestQueueLive();

let h: Harness;
let o: TestOrganisation;
let groupId: string;
let otherGroupId: string;
let anna: { user: { id: string; name: string }; token: string };
let bertil: { user: { id: string; name: string }; token: string };
let boss: { user: { id: string; name: string }; token: string };
let otherBoss: { user: { id: string; name: string }; token: string };

beforeAll(async () => {
  h = await startHarness({
    clock: { now: () => new Date(clock.now()) },
    queueLive,
    liveEventTiming: { coalesceMs: 20, heartbeatMs: 100 },
  });
  o = await h.organisation({ package: 'unlimited' });
  [anna, bertil, boss, otherBoss] = [await o.member(), await o.member(), await o.member(), await o.member()];
  for (const pro of [boss, otherBoss])
    expect((await o.req('PATCH', `/users/${pro.user.id}`, { licence: 'pro' })).statusCode).toBe(200);
  const group = await o.req('POST', '/response-groups', {
    name: 'Kundtjänst',
    number: o.numbers.landline[0],
    numericId: '7',
    agentIds: [anna.user.id, bertil.user.id, boss.user.id],
    supervisorIds: [boss.user.id],
  });
  expect(group.statusCode).toBe(201);
  groupId = group.json().id;
  const other = await o.req('POST', '/response-groups', {
    name: 'Sälj',
    number: o.numbers.landline[1],
    numericId: '8',
    supervisorIds: [otherBoss.user.id],
  });
  otherGroupId = other.json().id;
});
afterAll(async () => h.close());

const livePath = (group = groupId) => `/api/v1/orgs/${o.org.id}/response-groups/${group}/live`;

describe('the live view of a response group', () => {
  it("shows the switch's queue with each wait counted to the snapshot's time, and the callbacks waiting", async () => {
    queueLive.set(o.org.id, groupId, {
      queue: [
        {
          callId: 'c1',
          position: 1,
          fromNumber: '+46701111111',
          fromName: 'Kalle',
          queuedAt: minutesAgo(2),
          ringing: true,
        },
        {
          callId: 'c3',
          position: 3,
          fromNumber: '+46703333333',
          fromName: null,
          queuedAt: minutesAgo(0.5),
          ringing: false,
        },
      ],
      callbacks: [
        { callId: 'c2', position: 2, number: '+46702222222', queuedAt: minutesAgo(1), attempts: 0, state: 'waiting' },
      ],
      agents: [],
    });
    const res = await h.as(boss.token, 'GET', livePath());
    expect(res.statusCode).toBe(200);
    const live = res.json() as ResponseGroupLive;
    expect(live.at).toBe('2026-12-02T09:00:00.000Z');
    expect(live.queue.map((c) => [c.callId, c.position, c.waitSeconds, c.ringing])).toEqual([
      ['c1', 1, 120, true],
      ['c3', 3, 30, false],
    ]);
    expect(live.callbacks).toEqual([
      {
        callId: 'c2',
        position: 2,
        number: '+46702222222',
        queuedAt: minutesAgo(1),
        attempts: 0,
        state: 'waiting',
        waitSeconds: 60,
      },
    ]);
  });

  it("names every agent of the group with their state: logged out from the group, else the switch's, else available", async () => {
    expect(
      (await o.req('PUT', `/response-groups/${groupId}/agents/${bertil.user.id}/login`, { loggedIn: false }))
        .statusCode,
    ).toBe(200);
    queueLive.set(o.org.id, groupId, {
      queue: [],
      callbacks: [],
      agents: [{ userId: anna.user.id, state: 'onCall', since: minutesAgo(3) }],
    });
    const live = (await h.as(boss.token, 'GET', livePath())).json() as ResponseGroupLive;
    expect(live.agents).toEqual([
      { userId: anna.user.id, name: anna.user.name, state: 'onCall', since: minutesAgo(3) },
      { userId: bertil.user.id, name: bertil.user.name, state: 'loggedOut', since: null },
      { userId: boss.user.id, name: boss.user.name, state: 'available', since: null },
    ]);
    expect(
      (await o.req('PUT', `/response-groups/${groupId}/agents/${bertil.user.id}/login`, { loggedIn: true })).statusCode,
    ).toBe(200);
  });

  it("counts today's figures from the call log since local midnight in the organisation's time zone", async () => {
    const call = (startedAt: string, fields: Record<string, unknown>) => ({
      direction: 'inbound' as const,
      startedAt,
      answeredAt: null,
      endedAt: startedAt,
      fromNumber: '+46701111111',
      fromName: null,
      toNumber: o.numbers.landline[0]!,
      fromUserId: null,
      toUserId: null,
      responseGroupId: groupId,
      ivrMenuId: null,
      answeredByUserId: null,
      outcome: null,
      waitSeconds: null,
      talkSeconds: null,
      path: [],
      recordingId: null,
      emergency: false,
      ...fields,
    });
    await h.store.calls.insertMany(o.org.id, [
      // 23:30 UTC on 1 December is 00:30 on 2 December in Stockholm: today.
      call('2026-12-01T23:30:00.000Z', { answeredByUserId: anna.user.id, outcome: 'answered', waitSeconds: 8 }),
      // 22:30 UTC is 23:30 on 1 December in Stockholm: yesterday, not counted.
      call('2026-12-01T22:30:00.000Z', { answeredByUserId: anna.user.id, outcome: 'answered', waitSeconds: 200 }),
      call(minutesAgo(30), { answeredByUserId: anna.user.id, outcome: 'answered', waitSeconds: 40 }),
      call(minutesAgo(20), { outcome: 'abandoned', waitSeconds: 90 }),
      call(minutesAgo(10), {
        answeredByUserId: boss.user.id,
        outcome: 'answered',
        waitSeconds: 300,
        path: [{ type: 'callback', id: null, name: '+46702222222', at: minutesAgo(9) }],
      }),
      call(minutesAgo(10), { responseGroupId: otherGroupId, outcome: 'abandoned', waitSeconds: 5 }),
    ]);
    const { today } = (await h.as(boss.token, 'GET', livePath())).json() as ResponseGroupLive;
    expect(today).toEqual({
      offered: 4,
      answered: 3,
      abandoned: 1,
      callbacks: 1,
      averageWaitSeconds: 109.5,
      longestWaitSeconds: 300,
      serviceLevelSeconds: 20,
      serviceLevelPercent: 25,
    });
  });

  it('is open to admins (phone_system) and to the group’s supervisors only: an agent, or the supervisor of another group, gets 403 problem+json', async () => {
    expect((await o.req('GET', `/response-groups/${groupId}/live`)).statusCode).toBe(200);
    for (const [who, token] of [
      ['agent', anna.token],
      ["another group's supervisor", otherBoss.token],
    ] as const) {
      const res = await h.as(token, 'GET', livePath());
      expect(res.statusCode, who).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('forbidden');
    }
    expect((await h.as(otherBoss.token, 'GET', livePath(otherGroupId))).statusCode).toBe(200);
  });

  it('answers 404 for a group that does not exist, to an admin', async () => {
    const res = await o.req('GET', '/response-groups/no-such-group/live');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});

describe('the groups one may watch', () => {
  it('are the groups a user supervises, every group for an admin, none for an agent', async () => {
    const names = async (token: string) =>
      (await h.as(token, 'GET', `/api/v1/orgs/${o.org.id}/supervised-response-groups`))
        .json()
        .map((g: { name: string }) => g.name);
    expect(await names(boss.token)).toEqual(['Kundtjänst']);
    expect(await names(otherBoss.token)).toEqual(['Sälj']);
    expect((await names(o.adminToken)).sort()).toEqual(['Kundtjänst', 'Sälj']);
    expect(await names(anna.token)).toEqual([]);
  });
});

describe('a supervisor logging agents in and out', () => {
  it('logs an agent of their group out and in, and gets the agents back without the settings', async () => {
    const res = await h.as(
      boss.token,
      'PUT',
      `/api/v1/orgs/${o.org.id}/response-groups/${groupId}/agents/${anna.user.id}/login`,
      { loggedIn: false },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: groupId,
      name: 'Kundtjänst',
      agents: expect.arrayContaining([{ userId: anna.user.id, loggedIn: false, reachOn: 'phone' }]),
    });
    expect((await o.req('GET', `/response-groups/${groupId}`)).json().agents).toContainEqual({
      userId: anna.user.id,
      loggedIn: false,
      reachOn: 'phone',
    });
    expect(
      (
        await h.as(
          boss.token,
          'PUT',
          `/api/v1/orgs/${o.org.id}/response-groups/${groupId}/agents/${anna.user.id}/login`,
          { loggedIn: true },
        )
      ).statusCode,
    ).toBe(200);
  });

  it('is recorded in the audit log under the group, with the supervisor as the actor', async () => {
    await h.as(
      boss.token,
      'PUT',
      `/api/v1/orgs/${o.org.id}/response-groups/${groupId}/agents/${bertil.user.id}/login`,
      { loggedIn: false },
    );
    const entries = (await o.req('GET', `/audit-log?objectType=responseGroup&objectId=${groupId}`)).json().entries;
    expect(entries[0]).toMatchObject({
      action: 'update',
      objectName: 'Kundtjänst',
      actor: { name: boss.user.name },
      changes: [
        {
          field: 'agents',
          before: expect.arrayContaining([{ userId: bertil.user.id, loggedIn: true, reachOn: 'phone' }]),
          after: expect.arrayContaining([{ userId: bertil.user.id, loggedIn: false, reachOn: 'phone' }]),
        },
      ],
    });
    await o.req('PUT', `/response-groups/${groupId}/agents/${bertil.user.id}/login`, { loggedIn: true });
  });

  it('is refused to an agent who is not a supervisor, and to the supervisor of another group', async () => {
    for (const token of [anna.token, otherBoss.token]) {
      const res = await h.as(
        token,
        'PUT',
        `/api/v1/orgs/${o.org.id}/response-groups/${groupId}/agents/${bertil.user.id}/login`,
        { loggedIn: false },
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await o.req('GET', `/response-groups/${groupId}`)).json().agents).toContainEqual({
      userId: bertil.user.id,
      loggedIn: true,
      reachOn: 'phone',
    });
  });
});

/** Reads server-sent events from a real HTTP connection over loopback (a connection of its own, closed by `close`). */
async function openEvents(token: string, group = groupId) {
  const address = h.app.server.address() as AddressInfo;
  const events: ResponseGroupLive[] = [];
  const comments: string[] = [];
  let body = '';
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: address.port,
        path: `${livePath(group)}/events`,
        agent: false,
        headers: { authorization: `Bearer ${token}` },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    body += chunk;
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        else if (line.startsWith(':')) comments.push(line);
      }
    }
  });
  const ended = new Promise<void>((resolve) => res.on('close', () => resolve()));
  return {
    status: res.statusCode,
    headers: res.headers,
    events,
    comments,
    body: () => body,
    /** The client goes away. */
    close: async () => {
      res.destroy();
      await ended;
    },
  };
}

describe('the live event stream', () => {
  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('sends the snapshot on connect and again when the switch reports a change', async () => {
    queueLive.set(o.org.id, groupId, { queue: [], callbacks: [], agents: [] });
    const stream = await openEvents(boss.token);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    await vi.waitFor(() => expect(stream.events).toHaveLength(1));
    expect(stream.events[0]!.queue).toEqual([]);

    queueLive.set(o.org.id, groupId, {
      queue: [
        {
          callId: 'c9',
          position: 1,
          fromNumber: '+46709999999',
          fromName: 'Greta',
          queuedAt: minutesAgo(1),
          ringing: false,
        },
      ],
      callbacks: [],
      agents: [{ userId: anna.user.id, state: 'ringing', since: minutesAgo(0) }],
    });
    await vi.waitFor(() => expect(stream.events.at(-1)!.queue.map((c) => c.fromName)).toEqual(['Greta']));
    expect(stream.events.at(-1)!.agents.find((a) => a.userId === anna.user.id)!.state).toBe('ringing');
    await stream.close();
  });

  it('sends one snapshot for a burst of changes, not one per change', async () => {
    const stream = await openEvents(boss.token);
    await vi.waitFor(() => expect(stream.events).toHaveLength(1));
    // Far more changes than could each get an event within the burst: at most the one sent at once and one after.
    for (let i = 1; i <= 50; i += 1)
      queueLive.set(o.org.id, groupId, {
        queue: [],
        callbacks: [],
        agents: [{ userId: anna.user.id, state: 'onCall', since: minutesAgo(i) }],
      });
    await vi.waitFor(() => expect(stream.events.at(-1)!.agents[0]!.since).toBe(minutesAgo(50)));
    expect(stream.events.length).toBeLessThanOrEqual(3);
    await stream.close();
  });

  it('shows an agent a supervisor logs out at once', async () => {
    const stream = await openEvents(boss.token);
    await vi.waitFor(() => expect(stream.events).toHaveLength(1));
    await h.as(
      boss.token,
      'PUT',
      `/api/v1/orgs/${o.org.id}/response-groups/${groupId}/agents/${bertil.user.id}/login`,
      { loggedIn: false },
    );
    await vi.waitFor(() =>
      expect(stream.events.at(-1)!.agents.find((a) => a.userId === bertil.user.id)!.state).toBe('loggedOut'),
    );
    await stream.close();
    await o.req('PUT', `/response-groups/${groupId}/agents/${bertil.user.id}/login`, { loggedIn: true });
  });

  it('sends heartbeat comments while nothing changes', async () => {
    const stream = await openEvents(boss.token);
    await vi.waitFor(() => expect(stream.comments).toContain(': heartbeat'), { timeout: 3000 });
    await stream.close();
  });

  it('drops its listeners when the client goes away', async () => {
    // The streams of the tests before have gone too (the server hears of it a moment after the client).
    await vi.waitFor(() => expect(queueLive.listenerCount).toBe(0));
    const streams = [await openEvents(boss.token), await openEvents(o.adminToken)];
    await vi.waitFor(() => expect(streams.every((s) => s.events.length === 1)).toBe(true));
    expect(queueLive.listenerCount).toBe(2);
    for (const stream of streams) await stream.close();
    await vi.waitFor(() => expect(queueLive.listenerCount).toBe(0));
  });

  it('ends when the server closes, so a shutdown does not wait on a watching wallboard', async () => {
    const server = await startHarness({ queueLive: new TestQueueLive() });
    const org = await server.organisation();
    const group = (
      await org.req('POST', '/response-groups', { name: 'G', number: org.numbers.landline[0], numericId: '1' })
    ).json();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/v1/orgs/${org.org.id}/response-groups/${group.id}/live/events`,
          agent: false,
          headers: { authorization: `Bearer ${org.adminToken}` },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    const received: string[] = [];
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => received.push(chunk));
    const ended = new Promise<void>((resolve) => res.on('end', () => resolve()));
    await vi.waitFor(() => expect(received.join('')).toContain('data: '));
    await server.close();
    await ended;
    expect(res.complete).toBe(true);
  });

  it('refuses an agent who is not a supervisor with 403 problem+json before any event', async () => {
    const stream = await openEvents(anna.token);
    expect(stream.status).toBe(403);
    expect(stream.headers['content-type']).toContain('application/problem+json');
    await vi.waitFor(() => expect(JSON.parse(stream.body()).code).toBe('forbidden'));
    await stream.close();
    expect(stream.events).toEqual([]);
  });
});

describe('without a switch in the process', () => {
  it('shows an empty queue and every logged-in agent available', async () => {
    const bare = await startHarness();
    try {
      const org = await bare.organisation();
      const agent = await org.member();
      const group = (
        await org.req('POST', '/response-groups', {
          name: 'G',
          number: org.numbers.landline[0],
          numericId: '1',
          agentIds: [agent.user.id],
        })
      ).json();
      const live = (await org.req('GET', `/response-groups/${group.id}/live`)).json() as ResponseGroupLive;
      expect(live).toMatchObject({
        queue: [],
        callbacks: [],
        agents: [{ userId: agent.user.id, state: 'available', since: null }],
        today: { offered: 0 },
      });
    } finally {
      await bare.close();
    }
  });
});
