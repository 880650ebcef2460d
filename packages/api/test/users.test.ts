import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipHa1 } from '../src/index.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation({ package: 'unlimited' });
});
afterAll(async () => h.close());

const paths = (res: { json(): { errors?: Array<{ path: string }> } }) => (res.json().errors ?? []).map((e) => e.path);
const userBody = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `Person ${n}`,
  email: `person${n}@example.test`,
  extension: `${300 + n}`,
  ...extra,
});

describe('users (R3)', () => {
  it('creates a user with numbers and SIP credentials; only a digest HA1 is stored, never the SIP password', async () => {
    const res = await o.req(
      'POST',
      '/users',
      userBody(1, {
        mobileNumber: o.numbers.mobile[0],
        landlineNumber: o.numbers.landline[0],
        sipPassword: 'sip secret 123456',
      }),
    );
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      licence: 'basic',
      permissions: [],
      hasSipPassword: true,
      mobileNumber: o.numbers.mobile[0],
      status: 'pending',
    });
    expect(JSON.stringify(user)).not.toMatch(/sip secret|sipHa1|accountId/);
    const record = await h.store.users.getRecord(o.org.id, user.id);
    expect(record?.sipHa1Md5).toMatch(/^[0-9a-f]{32}$/);
    expect(record?.sipHa1Md5).toBe(sipHa1(user.sipUsername, 'sip secret 123456').md5);
    expect(JSON.stringify(record)).not.toContain('sip secret');
  });

  it('refuses a landline number in the mobile field, a taken number and a foreign one, by field', async () => {
    const landlineAsMobile = await o.req('POST', '/users', userBody(2, { mobileNumber: o.numbers.landline[1] }));
    expect(landlineAsMobile.statusCode).toBe(400);
    expect(paths(landlineAsMobile)).toEqual(['mobileNumber']);
    const taken = await o.req('POST', '/users', userBody(2, { landlineNumber: o.numbers.landline[0] }));
    expect(taken.json()).toMatchObject({ code: 'number_in_use', errors: [{ path: 'landlineNumber' }] });
    const foreign = await o.req('POST', '/users', userBody(2, { landlineNumber: '+4611111111' }));
    expect(paths(foreign)).toEqual(['landlineNumber']);
  });

  it('refuses a taken extension with 409 naming the field', async () => {
    const extension = await o.req('POST', '/users', userBody(3, { extension: '301' }));
    expect(extension.statusCode).toBe(409);
    expect(extension.json()).toMatchObject({ code: 'conflict', field: 'extension' });
  });

  it('makes the SIP username itself, ten characters of a-z0-9, and takes none from the admin', async () => {
    const typed = await o.req('POST', '/users', userBody(3, { sipUsername: 'astrid' }));
    expect(typed.statusCode).toBe(400);
    expect(paths(typed)).toEqual(['sipUsername']);
    const [first, second] = [
      (await o.req('POST', '/users', userBody(8))).json(),
      (await o.req('POST', '/users', userBody(9))).json(),
    ];
    expect(first.sipUsername).toMatch(/^[a-z0-9]{10}$/);
    expect(second.sipUsername).not.toBe(first.sipUsername);
  });

  it('refuses short secrets, bad emails and unknown teams with paths', async () => {
    const res = await o.req(
      'POST',
      '/users',
      userBody(4, { email: 'not-an-email', sipPassword: 'short', teamIds: ['nope'] }),
    );
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual(['email', 'sipPassword']);
    const team = await o.req('POST', '/users', userBody(4, { teamIds: ['nope'] }));
    expect(paths(team)).toEqual(['teamIds[0]']);
  });

  it('edits a user; the SIP username stays the server’s and a new SIP password is digested with it', async () => {
    const user = (await o.req('POST', '/users', userBody(5, { sipPassword: 'sip secret 123456' }))).json();
    const renamed = await o.req('PATCH', `/users/${user.id}`, {
      name: 'Renamed',
      licence: 'pro',
      permissions: ['phone_system'],
    });
    expect(renamed.json()).toMatchObject({
      name: 'Renamed',
      licence: 'pro',
      permissions: ['phone_system'],
      sipUsername: user.sipUsername,
    });
    expect(paths(await o.req('PATCH', `/users/${user.id}`, { sipUsername: 'person5b' }))).toEqual(['sipUsername']);
    expect((await o.req('PATCH', `/users/${user.id}`, { sipPassword: 'another secret 1' })).statusCode).toBe(200);
    expect((await h.store.users.getRecord(o.org.id, user.id))?.sipHa1Md5).toBe(
      sipHa1(user.sipUsername, 'another secret 1').md5,
    );
  });

  it('refuses a console password from the admin: the invited person chooses it, then sees only their organisation', async () => {
    expect(paths(await o.req('POST', '/users', userBody(6, { password: 'a long test password' })))).toEqual([
      'password',
    ]);
    const created = await o.req('POST', '/users', userBody(6));
    expect(paths(await o.req('PATCH', `/users/${created.json().id}`, { password: 'a long test password' }))).toEqual([
      'password',
    ]);
    expect((await h.login('person6@example.test', 'a long test password')).statusCode).toBe(401);
    await h.acceptInvitation(created.json().invitation.token, { password: 'a long test password' });
    const res = await h.login('person6@example.test', 'a long test password');
    expect(res.statusCode).toBe(200);
    expect(res.json().me.organisations).toEqual([
      expect.objectContaining({ organisationId: o.org.id, permissions: [] }),
    ]);
  });

  it('refuses to delete a user calls are sent to, listing where; deletes otherwise and frees their numbers', async () => {
    const user = (await o.req('POST', '/users', userBody(7, { landlineNumber: o.numbers.landline[2] }))).json();
    await o.req('PATCH', '/call-routing-defaults', {
      unassignedNumbers: { action: 'route', destination: { type: 'user', userId: user.id } },
    });
    const refused = await o.req('DELETE', `/users/${user.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().usages).toEqual([
      {
        type: 'callRoutingDefaults',
        id: o.org.id,
        name: 'Call routing defaults',
        field: 'unassignedNumbers.destination',
      },
    ]);
    await o.req('PATCH', '/call-routing-defaults', { unassignedNumbers: { action: 'reject' } });
    expect((await o.req('DELETE', `/users/${user.id}`)).statusCode).toBe(204);
    expect((await o.req('GET', `/users/${user.id}`)).statusCode).toBe(404);
    const free = (await o.req('GET', '/numbers?unassigned=true')).json().map((n: { number: string }) => n.number);
    expect(free).toContain(o.numbers.landline[2]);
  });
});

describe("users' own call routing (R30, R36, R37, R55)", () => {
  let userId: string;
  beforeAll(async () => {
    userId = (await o.req('POST', '/users', userBody(10, { mobileNumber: o.numbers.mobile[1] }))).json().id;
  });

  it('follows the organisation defaults until the user sets a field, and keeps their own value when the default changes', async () => {
    const initial = (await o.req('GET', `/users/${userId}/routing`)).json();
    expect(initial.overrides).toEqual({});
    expect(initial.followsDefault).toContain('ringSeconds');
    expect(initial.effective.ringSeconds).toBe(25);

    const own = await o.req('PUT', `/users/${userId}/routing`, { overrides: { ringSeconds: 40 } });
    expect(own.json()).toMatchObject({ overrides: { ringSeconds: 40 }, effective: { ringSeconds: 40 } });
    expect(own.json().followsDefault).not.toContain('ringSeconds');

    await o.req('PATCH', '/call-routing-defaults', { ringSeconds: 15, callWaiting: false });
    const after = (await o.req('GET', `/users/${userId}/routing`)).json();
    expect(after.effective).toMatchObject({ ringSeconds: 40, callWaiting: false });

    const back = await o.req('PUT', `/users/${userId}/routing`, { followDefault: ['ringSeconds'] });
    expect(back.json().effective.ringSeconds).toBe(15);
  });

  it('lets the user present their own number but not a number not granted to them', async () => {
    const own = await o.req('PUT', `/users/${userId}/routing`, { callerIdNumber: o.numbers.mobile[1] });
    expect(own.json().callerIdNumber).toBe(o.numbers.mobile[1]);
    const other = await o.req('PUT', `/users/${userId}/routing`, { callerIdNumber: o.numbers.landline[4] });
    expect(other.statusCode).toBe(400);
    expect(paths(other)).toEqual(['callerIdNumber']);
    await o.req('POST', '/display-numbers', { number: o.numbers.landline[4], userIds: [userId] });
    expect(
      (await o.req('PUT', `/users/${userId}/routing`, { callerIdNumber: o.numbers.landline[4] })).json().callerIdNumber,
    ).toBe(o.numbers.landline[4]);
  });

  it('refuses a routing destination of another organisation and an unknown field name', async () => {
    const res = await o.req('PUT', `/users/${userId}/routing`, {
      overrides: { busyDestination: { type: 'user', userId: 'foreign' } },
    });
    expect(paths(res)).toEqual(['overrides.busyDestination']);
    expect((await o.req('PUT', `/users/${userId}/routing`, { followDefault: ['colour'] })).statusCode).toBe(400);
  });

  it("lists the user's online devices from the registrar", async () => {
    await h.store.registrations.upsert({
      organisationId: o.org.id,
      userId,
      contact: 'sip:person10@127.0.0.1:5062',
      source: 'udp:127.0.0.1:5062',
      userAgent: 'baresip',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      updatedAt: new Date().toISOString(),
    });
    const res = await o.req('GET', `/users/${userId}/registrations`);
    expect(res.json()).toEqual([
      expect.objectContaining({
        contact: 'sip:person10@127.0.0.1:5062',
        userAgent: 'baresip',
        source: 'udp:127.0.0.1:5062',
      }),
    ]);
  });
});

describe('call routing defaults (R30–R36)', () => {
  it('validates the unassigned-number rule: a voicemail there must name whose box', async () => {
    const res = await o.req('PATCH', '/call-routing-defaults', {
      unassignedNumbers: { action: 'route', destination: { type: 'voicemail' } },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['unassignedNumbers.destination']);
    const ok = await o.req('PATCH', '/call-routing-defaults', {
      callerIdType: 'mobile',
      rejectedDestination: { type: 'voicemail' },
    });
    expect(ok.json()).toMatchObject({ callerIdType: 'mobile', rejectedDestination: { type: 'voicemail' } });
  });
});

describe('teams', () => {
  it('creates, edits and deletes teams; unknown members are refused by index', async () => {
    const user = (await o.req('POST', '/users', userBody(20))).json();
    const team = (await o.req('POST', '/teams', { name: 'Support', memberIds: [user.id] })).json();
    expect(team).toMatchObject({ name: 'Support', memberIds: [user.id] });
    expect((await o.req('GET', `/users/${user.id}`)).json().teamIds).toEqual([team.id]);
    const bad = await o.req('PATCH', `/teams/${team.id}`, { memberIds: [user.id, 'ghost'] });
    expect(paths(bad)).toEqual(['memberIds[1]']);
    expect((await o.req('PATCH', `/teams/${team.id}`, { name: 'Support 2' })).json().name).toBe('Support 2');
    expect((await o.req('DELETE', `/teams/${team.id}`)).statusCode).toBe(204);
    expect((await o.req('GET', `/teams/${team.id}`)).statusCode).toBe(404);
  });
});

describe('one person in several organisations (R5)', () => {
  it('links a user of another organisation to the same login once the person accepts; their password stays theirs', async () => {
    const other = await h.organisation();
    const created = await other.req(
      'POST',
      '/users',
      userBody(30, { email: o.adminEmail.toUpperCase(), extension: '330' }),
    );
    expect(created.statusCode).toBe(201);
    const before = (await h.as(o.adminToken, 'GET', '/api/v1/me')).json();
    expect(before.organisations.map((m: { organisationId: string }) => m.organisationId)).toEqual([o.org.id]);
    expect(
      (await h.acceptInvitation(created.json().invitation.token, {}, { authorization: `Bearer ${o.adminToken}` }))
        .statusCode,
    ).toBe(200);
    const me = (await h.as(o.adminToken, 'GET', '/api/v1/me')).json();
    expect(me.organisations.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual(
      [o.org.id, other.org.id].sort(),
    );
    const takeover = await other.req('PATCH', `/users/${created.json().id}`, { password: 'attacker chosen pw' });
    expect(takeover.statusCode).toBe(400);
    expect(paths(takeover)).toEqual(['password']);
    // In the second organisation the person has no phone_system permission.
    expect((await h.as(o.adminToken, 'GET', `/api/v1/orgs/${other.org.id}/users`)).statusCode).toBe(403);
    expect((await h.as(o.adminToken, 'GET', `/api/v1/orgs/${other.org.id}`)).json().name).toBe(other.org.name);
  });
});

describe('supervisors keep the pro licence (R12)', () => {
  it('refuses downgrading a supervisor to basic, naming the group', async () => {
    const boss = (await o.req('POST', '/users', userBody(40, { licence: 'pro' }))).json();
    await o.req('POST', '/response-groups', {
      name: 'Escalations',
      number: o.numbers.landline[3],
      numericId: '40',
      supervisorIds: [boss.id],
    });
    const res = await o.req('PATCH', `/users/${boss.id}`, { licence: 'basic' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'licence', message: expect.stringContaining('"Escalations"') }]);
  });
});
