import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@vaxel/domain';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/** R74: where an agent is rung for a group's calls, set through PATCH …/agents/{userId}. */
let h: Harness;
let o: TestOrganisation;
let groupId: string;
let withMobile: string;
let withoutMobile: string;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
  withMobile = (await o.member()).user.id;
  withoutMobile = (await o.member()).user.id;
  expect((await o.req('PATCH', `/users/${withMobile}`, { mobileNumber: o.numbers.mobile[0] })).statusCode).toBe(200);
  groupId = (
    await o.req('POST', '/response-groups', {
      name: 'Support',
      number: o.numbers.landline[0],
      numericId: '12',
      agentIds: [withMobile, withoutMobile],
    })
  ).json().id;
});
afterAll(async () => h.close());

const agent = (path: string) => `/response-groups/${groupId}/agents/${path}`;
type AgentRow = { userId: string; loggedIn: boolean; reachOn: string };
const inList = (agents: AgentRow[], userId: string) => agents.find((a) => a.userId === userId);
const agentOf = (group: { agents: AgentRow[] }, userId: string) => inList(group.agents, userId);

describe('setting where an agent is rung (R74)', () => {
  it('starts every agent on their phones', async () => {
    const group = (await o.req('GET', `/response-groups/${groupId}`)).json();
    expect(group.agents.map((a: { reachOn: string }) => a.reachOn)).toEqual(['phone', 'phone']);
  });

  it('rings an agent with a mobile number on their mobile, without a warning, and keeps it on the next read', async () => {
    const res = await o.req('PATCH', agent(withMobile), { reachOn: 'mobile' });
    expect(res.statusCode).toBe(200);
    expect(agentOf(res.json(), withMobile)).toEqual({ userId: withMobile, loggedIn: true, reachOn: 'mobile' });
    expect(res.json().warnings).toEqual([]);
    expect(agentOf((await o.req('GET', `/response-groups/${groupId}`)).json(), withMobile)?.reachOn).toBe('mobile');
  });

  it('saves a mobile for an agent without a mobile number, with the agent_has_no_mobile warning', async () => {
    const res = await o.req('PATCH', agent(withoutMobile), { reachOn: 'phoneAndMobile' });
    expect(res.statusCode).toBe(200);
    expect(agentOf(res.json(), withoutMobile)?.reachOn).toBe('phoneAndMobile');
    expect(res.json().warnings).toEqual([
      { path: 'reachOn', code: 'agent_has_no_mobile', message: expect.stringContaining('has no mobile number') },
    ]);
  });

  it('changes the login and the reach in one request, and the login alone', async () => {
    const both = await o.req('PATCH', agent(withMobile), { reachOn: 'phone', loggedIn: false });
    expect(agentOf(both.json(), withMobile)).toEqual({ userId: withMobile, loggedIn: false, reachOn: 'phone' });
    const login = await o.req('PATCH', agent(withMobile), { loggedIn: true });
    expect(agentOf(login.json(), withMobile)).toEqual({ userId: withMobile, loggedIn: true, reachOn: 'phone' });
  });

  it('keeps the reach when the agents list is saved again and when the old login route is used', async () => {
    await o.req('PATCH', agent(withMobile), { reachOn: 'mobile' });
    expect(
      (await o.req('PATCH', `/response-groups/${groupId}`, { agentIds: [withoutMobile, withMobile] })).statusCode,
    ).toBe(200);
    const out = await o.req('PUT', `${agent(withMobile)}/login`, { loggedIn: false });
    expect(agentOf(out.json(), withMobile)).toEqual({ userId: withMobile, loggedIn: false, reachOn: 'mobile' });
  });

  it('refuses an unknown reach, an empty change and unknown fields as problem+json naming the field, and changes nothing', async () => {
    const before = (await o.req('GET', `/response-groups/${groupId}`)).json();
    const cases: Array<[unknown, string]> = [
      [{ reachOn: 'pager' }, 'reachOn'],
      [{}, 'reachOn'],
      [{ reachOn: 'mobile', ringSeconds: 5 }, 'ringSeconds'],
      [{ loggedIn: 'yes' }, 'loggedIn'],
    ];
    for (const [body, path] of cases) {
      const res = await o.req('PATCH', agent(withMobile), body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await o.req('GET', `/response-groups/${groupId}`)).json()).toEqual(before);
  });

  it('answers 404 for a user who is not an agent of the group and for an unknown group', async () => {
    expect((await o.req('PATCH', agent(o.admin.id), { reachOn: 'mobile' })).json().code).toBe('not_found');
    expect((await o.req('PATCH', `/response-groups/nope/agents/${withMobile}`, { reachOn: 'mobile' })).statusCode).toBe(
      404,
    );
  });

  it('is refused to a user without phone_system', async () => {
    const member = await o.member();
    const res = await h.as(member.token, 'PATCH', `/api/v1/orgs/${o.org.id}${agent(withMobile)}`, {
      reachOn: 'mobile',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('writes the change to the audit log under the group, with the agents before and after', async () => {
    await o.req('PATCH', agent(withoutMobile), { reachOn: 'phone' });
    const res = await o.req('PATCH', agent(withoutMobile), { reachOn: 'mobile' });
    expect(res.statusCode).toBe(200);
    const entries: AuditEntry[] = (await o.req('GET', `/audit-log?objectType=responseGroup&objectId=${groupId}`)).json()
      .entries;
    const [latest] = entries;
    expect(latest).toMatchObject({ action: 'update', objectName: 'Support' });
    const [change] = latest!.changes;
    expect(change?.field).toBe('agents');
    expect(inList(change!.before as AgentRow[], withoutMobile)).toMatchObject({ reachOn: 'phone' });
    expect(inList(change!.after as AgentRow[], withoutMobile)).toMatchObject({ reachOn: 'mobile' });
  });
});
