import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const paths = (res: { json(): { errors?: Array<{ path: string }> } }) => (res.json().errors ?? []).map((e) => e.path);

describe('creating response groups (R10–R12)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('creates a group on an unassigned number, billing ID defaulting to the number, and assigns the number', async () => {
    const res = await o.req('POST', '/response-groups', {
      name: 'Customer Care',
      number: o.numbers.landline[0],
      numericId: '12',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Customer Care',
      number: o.numbers.landline[0],
      billingNumber: o.numbers.landline[0],
      agents: [],
      supervisorIds: [],
    });
    const numbers = (await o.req('GET', '/numbers')).json();
    expect(numbers.find((n: { number: string }) => n.number === o.numbers.landline[0]).assignment).toMatchObject({
      type: 'responseGroup',
      name: 'Customer Care',
    });
    const unassigned = (await o.req('GET', '/numbers?unassigned=true')).json();
    expect(unassigned.map((n: { number: string }) => n.number)).not.toContain(o.numbers.landline[0]);
  });

  it('refuses a number already assigned with 400 number_in_use', async () => {
    const res = await o.req('POST', '/response-groups', {
      name: 'Second',
      number: o.numbers.landline[0],
      numericId: '13',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('number_in_use');
    expect(paths(res)).toEqual(['number']);
  });

  it("refuses a number that is not the organisation's, and a non-E.164 number, with the field path", async () => {
    const foreign = await o.req('POST', '/response-groups', { name: 'X', number: '+46999999999', numericId: '14' });
    expect(foreign.statusCode).toBe(400);
    expect(paths(foreign)).toEqual(['number']);
    const malformed = await o.req('POST', '/response-groups', { name: 'X', number: '08-123 45', numericId: '14' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('validation_failed');
    expect(paths(malformed)).toEqual(['number']);
  });

  it('refuses a numeric ID already used and one that is not 1–4 digits', async () => {
    const taken = await o.req('POST', '/response-groups', {
      name: 'X',
      number: o.numbers.landline[1],
      numericId: '12',
    });
    expect(taken.statusCode).toBe(400);
    expect(paths(taken)).toEqual(['numericId']);
    const long = await o.req('POST', '/response-groups', {
      name: 'X',
      number: o.numbers.landline[1],
      numericId: '12345',
    });
    expect(paths(long)).toEqual(['numericId']);
  });

  it('refuses a basic-licence supervisor, unknown agents and unknown fields, naming each', async () => {
    const member = await o.member();
    const res = await o.req('POST', '/response-groups', {
      name: 'X',
      number: o.numbers.landline[1],
      numericId: '15',
      agentIds: ['no-such-user'],
      supervisorIds: [member.user.id],
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['agentIds[0]', 'supervisorIds[0]']);
    const unknown = await o.req('POST', '/response-groups', {
      name: 'X',
      number: o.numbers.landline[1],
      numericId: '15',
      colour: 'red',
    });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['colour']);
  });

  it('answers wrong types and malformed JSON with 400, never 500', async () => {
    const wrong = await o.req('POST', '/response-groups', { name: 42, number: ['x'], numericId: null, agentIds: 'a' });
    expect(wrong.statusCode).toBe(400);
    expect(paths(wrong)).toEqual(expect.arrayContaining(['name', 'number', 'numericId', 'agentIds']));
    const malformed = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/response-groups`,
      headers: { authorization: `Bearer ${o.adminToken}`, 'content-type': 'application/json' },
      payload: '{"name": "oops",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });
});

describe('package limits (R6–R8)', () => {
  it('allows 2 groups on light, refuses the third with 409 quota_exceeded saying how to buy, and allows it after buying one', async () => {
    const o = await h.organisation({ package: 'light' });
    for (const [i, n] of [o.numbers.landline[0], o.numbers.landline[1]].entries()) {
      expect(
        (await o.req('POST', '/response-groups', { name: `G${i}`, number: n, numericId: `${i + 1}` })).statusCode,
      ).toBe(201);
    }
    const third = { name: 'G3', number: o.numbers.landline[2], numericId: '3' };
    const refused = await o.req('POST', '/response-groups', third);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'quota_exceeded', item: 'responseGroup', total: 2 });
    expect(refused.json().detail).toContain('/subscription/purchases');

    const bought = await o.req('POST', '/subscription/purchases', { item: 'responseGroup', quantity: 1 });
    expect(bought.statusCode).toBe(201);
    expect(bought.json()).toMatchObject({
      item: 'responseGroup',
      quantity: 1,
      unitPriceMinor: 9900,
      currency: 'SEK',
      purchasedBy: { userId: o.admin.id, name: o.admin.name },
    });
    const subscription = (await o.req('GET', '/subscription')).json();
    expect(subscription.allowances.find((x: { item: string }) => x.item === 'responseGroup')).toMatchObject({
      included: 2,
      purchased: 1,
      total: 3,
      used: 2,
    });
    expect(subscription.upcomingInvoice).toMatchObject({
      totalMinor: 9900,
      lines: [expect.objectContaining({ item: 'responseGroup' })],
    });
    expect((await o.req('POST', '/response-groups', third)).statusCode).toBe(201);
  });

  it('has no limit on the unlimited package, where buying is refused', async () => {
    const o = await h.organisation({ package: 'unlimited' });
    for (let i = 0; i < 3; i++) {
      expect(
        (await o.req('POST', '/response-groups', { name: `G${i}`, number: o.numbers.landline[i], numericId: `${i}` }))
          .statusCode,
      ).toBe(201);
    }
    expect((await o.req('POST', '/subscription/purchases', { item: 'ivrMenu', quantity: 1 })).statusCode).toBe(409);
    expect((await o.req('GET', '/subscription')).json().allowances[0]).toMatchObject({
      included: null,
      total: null,
      used: 3,
    });
  });

  it('refuses a purchase of zero or of an unknown item with 400', async () => {
    const o = await h.organisation();
    const res = await o.req('POST', '/subscription/purchases', { item: 'fax', quantity: 0 });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['item', 'quantity']);
  });
});

describe('defaults for new groups (R13)', () => {
  it('copies the defaults into a new group; editing the defaults later never changes existing groups', async () => {
    const o = await h.organisation();
    const patched = await o.req('PATCH', '/response-group-defaults', {
      queue: { maxWaitSeconds: 120 },
      distribution: { strategy: 'roundRobin' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().queue.maxWaitSeconds).toBe(120);
    expect(patched.json().queue.maxQueueLength).toBe(20);
    const group = (
      await o.req('POST', '/response-groups', { name: 'Early', number: o.numbers.landline[0], numericId: '1' })
    ).json();
    expect(group.settings.queue.maxWaitSeconds).toBe(120);
    expect(group.settings.distribution.strategy).toBe('roundRobin');

    await o.req('PATCH', '/response-group-defaults', { queue: { maxWaitSeconds: 600 } });
    expect((await o.req('GET', `/response-groups/${group.id}`)).json().settings.queue.maxWaitSeconds).toBe(120);
    expect((await o.req('GET', '/response-group-defaults')).json().queue.maxWaitSeconds).toBe(600);
  });

  it('refuses defaults out of range or pointing at another organisation, with paths', async () => {
    const o = await h.organisation();
    const range = await o.req('PATCH', '/response-group-defaults', { queue: { maxWaitSeconds: 1 } });
    expect(range.statusCode).toBe(400);
    expect(paths(range)).toEqual(['queue.maxWaitSeconds']);
    const foreign = await o.req('PATCH', '/response-group-defaults', {
      queue: { musicOnHoldAudioFileId: 'someone-elses-file' },
    });
    expect(foreign.statusCode).toBe(400);
    expect(paths(foreign)).toEqual(['queue.musicOnHoldAudioFileId']);
  });
});

describe('editing, agents and deleting (R16, R18)', () => {
  let o: TestOrganisation;
  let groupId: string;
  let agentId: string;
  beforeAll(async () => {
    o = await h.organisation({ package: 'unlimited' });
    agentId = (await o.member()).user.id;
    groupId = (
      await o.req('POST', '/response-groups', {
        name: 'Sales',
        number: o.numbers.landline[0],
        numericId: '7',
        agentIds: [agentId],
      })
    ).json().id;
  });

  it('edits any field and settings section by section', async () => {
    const res = await o.req('PATCH', `/response-groups/${groupId}`, {
      name: 'Sales Sweden',
      supervisorIds: [o.admin.id],
      settings: {
        distribution: { strategy: 'serial', ringSecondsPerAgent: 15 },
        schedule: { openingHours: { openPeriods: [{ day: 'mon', open: '08:00', close: '17:00' }] } },
        queue: { limitReachedDestination: { type: 'externalNumber', number: '+46701234567' } },
      },
    });
    expect(res.statusCode).toBe(200);
    const group = res.json();
    expect(group).toMatchObject({ name: 'Sales Sweden', supervisorIds: [o.admin.id] });
    expect(group.settings.distribution).toMatchObject({
      strategy: 'serial',
      ringSecondsPerAgent: 15,
      wrapUpSeconds: 10,
    });
    expect(group.settings.schedule.openingHours.openPeriods).toHaveLength(1);
    expect(group.settings.queue.limitReachedDestination).toEqual({ type: 'externalNumber', number: '+46701234567' });
  });

  it('refuses settings that send calls to another tenant or to a menu repeat, naming the field', async () => {
    const res = await o.req('PATCH', `/response-groups/${groupId}`, {
      settings: {
        schedule: { closedDestination: { type: 'ivrMenu', ivrMenuId: 'not-ours' } },
        queue: { limitReachedDestination: { type: 'repeatMenu' } },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual([
      'settings.queue.limitReachedDestination',
      'settings.schedule.closedDestination',
    ]);
  });

  it('logs an agent out of and into the group; a non-agent gets 404', async () => {
    const out = await o.req('PUT', `/response-groups/${groupId}/agents/${agentId}/login`, { loggedIn: false });
    expect(out.statusCode).toBe(200);
    expect(out.json().agents).toEqual([{ userId: agentId, loggedIn: false, reachOn: 'phone' }]);
    expect(
      (await o.req('PUT', `/response-groups/${groupId}/agents/${o.admin.id}/login`, { loggedIn: true })).statusCode,
    ).toBe(404);
    expect(
      (await o.req('PUT', `/response-groups/${groupId}/agents/${agentId}/login`, { loggedIn: 'yes' })).statusCode,
    ).toBe(400);
  });

  it('answers an unknown group id with 404', async () => {
    expect((await o.req('GET', '/response-groups/nope')).statusCode).toBe(404);
    expect((await o.req('PATCH', '/response-groups/nope', { name: 'x' })).statusCode).toBe(404);
    expect((await o.req('DELETE', '/response-groups/nope')).statusCode).toBe(404);
  });

  it('refuses to delete a group an IVR menu sends calls to (409 in_use with usages), then deletes it and frees its number', async () => {
    const menu = (
      await o.req('POST', '/ivr-menus', {
        name: 'Main menu',
        number: o.numbers.landline[1],
        prompts: [{ type: 'tts', text: 'Press 1 for sales', language: 'en-GB' }],
        keys: { '1': { type: 'responseGroup', responseGroupId: groupId } },
      })
    ).json();
    const refused = await o.req('DELETE', `/response-groups/${groupId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'in_use',
      usages: [{ type: 'ivrMenu', id: menu.id, name: 'Main menu', field: 'keys.1' }],
    });

    await o.req('PATCH', `/ivr-menus/${menu.id}`, { keys: {} });
    expect((await o.req('DELETE', `/response-groups/${groupId}`)).statusCode).toBe(204);
    const numbers = (await o.req('GET', '/numbers?unassigned=true')).json();
    expect(numbers.map((n: { number: string }) => n.number)).toContain(o.numbers.landline[0]);
  });
});

describe("a queue's keys (R14)", () => {
  it('refuse one key for both the voicemail and the callback, on a group and on the defaults, and keep the settings', async () => {
    const o = await h.organisation();
    const group = (
      await o.req('POST', '/response-groups', { name: 'Keys', number: o.numbers.landline[0], numericId: '5' })
    ).json();
    const clash = { queue: { voicemailKey: '3', callback: { enabled: true, key: '3' } } };
    const patched = await o.req('PATCH', `/response-groups/${group.id}`, { settings: clash });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'settings.queue.callback.key' }],
    });
    const defaults = await o.req('PATCH', '/response-group-defaults', clash);
    expect(defaults.statusCode).toBe(400);
    expect(defaults.json().errors).toEqual([
      { path: 'queue.callback.key', message: 'must differ from the voicemail key (3)' },
    ]);
    expect((await o.req('GET', `/response-groups/${group.id}`)).json().settings.queue.callback.enabled).toBe(false);
  });
});
