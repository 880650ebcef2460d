import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const paths = (res: { json(): { errors?: Array<{ path: string }> } }) => (res.json().errors ?? []).map((e) => e.path);
const prompt = { type: 'tts', text: 'Välkommen. Tryck 1 för försäljning.', language: 'sv-SE' };

describe('IVR menus (R20–R25)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('creates a menu with a number, keys to a group, a user, an external number and repeat; advanced settings fill from defaults', async () => {
    const user = (await o.member()).user;
    const group = (
      await o.req('POST', '/response-groups', { name: 'Sales', number: o.numbers.landline[0], numericId: '1' })
    ).json();
    const res = await o.req('POST', '/ivr-menus', {
      name: 'Main menu',
      number: o.numbers.landline[1],
      prompts: [prompt],
      keys: {
        '1': { type: 'responseGroup', responseGroupId: group.id },
        '2': { type: 'user', userId: user.id },
        '3': { type: 'externalNumber', number: '+46701234567' },
        '9': { type: 'repeatMenu' },
      },
      advanced: { maxRetries: 3 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      number: o.numbers.landline[1],
      billingNumber: o.numbers.landline[1],
      closedDestination: { type: 'hangup' },
    });
    expect(res.json().advanced).toMatchObject({ maxRetries: 3, inputTimeoutSeconds: 5, ttsLanguage: 'sv-SE' });
  });

  it('refuses keys that are not 0–9, * or #, destinations of another organisation, a voicemail without owner', async () => {
    const badKey = await o.req('POST', '/ivr-menus', {
      name: 'X',
      number: null,
      prompts: [prompt],
      keys: { A: { type: 'hangup' } },
    });
    expect(badKey.statusCode).toBe(400);
    const foreign = await o.req('POST', '/ivr-menus', {
      name: 'X',
      number: null,
      prompts: [prompt],
      keys: { '1': { type: 'ivrMenu', ivrMenuId: 'elsewhere' }, '2': { type: 'voicemail' } },
    });
    expect(foreign.statusCode).toBe(400);
    expect(paths(foreign)).toEqual(['keys.1', 'keys.2']);
  });

  it('refuses a menu without a prompt, and a taken number with number_in_use', async () => {
    expect(paths(await o.req('POST', '/ivr-menus', { name: 'X', number: null, prompts: [] }))).toEqual(['prompts']);
    const taken = await o.req('POST', '/ivr-menus', { name: 'X', number: o.numbers.landline[0], prompts: [prompt] });
    expect(taken.json()).toMatchObject({ code: 'number_in_use', errors: [{ path: 'number' }] });
  });

  it('applies the package limit of 2 menus on light (409 quota_exceeded)', async () => {
    expect((await o.req('POST', '/ivr-menus', { name: 'Sub', number: null, prompts: [prompt] })).statusCode).toBe(201);
    const third = await o.req('POST', '/ivr-menus', { name: 'Third', number: null, prompts: [prompt] });
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'quota_exceeded', item: 'ivrMenu' });
  });

  it('refuses to delete a menu another menu points to, listing it; edits and deletes otherwise', async () => {
    const menus = (await o.req('GET', '/ivr-menus')).json();
    const main = menus.find((m: { name: string }) => m.name === 'Main menu');
    const sub = menus.find((m: { name: string }) => m.name === 'Sub');
    await o.req('PATCH', `/ivr-menus/${main.id}`, {
      keys: { ...main.keys, '0': { type: 'ivrMenu', ivrMenuId: sub.id } },
    });
    const refused = await o.req('DELETE', `/ivr-menus/${sub.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().usages).toEqual([{ type: 'ivrMenu', id: main.id, name: 'Main menu', field: 'keys.0' }]);
    const edited = await o.req('PATCH', `/ivr-menus/${main.id}`, {
      keys: {},
      openingHours: { openPeriods: [{ day: 'fri', open: '09:00', close: '12:00' }] },
    });
    expect(edited.json().openingHours.openPeriods).toHaveLength(1);
    expect((await o.req('DELETE', `/ivr-menus/${sub.id}`)).statusCode).toBe(204);
    expect((await o.req('GET', `/ivr-menus/${sub.id}`)).statusCode).toBe(404);
  });

  it('refuses opening hours that close before they open, naming the field', async () => {
    const menu = (await o.req('GET', '/ivr-menus')).json()[0];
    const res = await o.req('PATCH', `/ivr-menus/${menu.id}`, {
      openingHours: { openPeriods: [{ day: 'mon', open: '17:00', close: '08:00' }] },
    });
    expect(paths(res)).toEqual(['openingHours.openPeriods[0].close']);
  });
});

describe('display numbers (R50–R55)', () => {
  let o: TestOrganisation;
  let groupId: string;
  beforeAll(async () => {
    o = await h.organisation();
    groupId = (
      await o.req('POST', '/response-groups', { name: 'Care', number: o.numbers.landline[0], numericId: '1' })
    ).json().id;
  });

  it('makes a number usable by chosen users and teams, edits who may use it and deletes only the right', async () => {
    const user = (await o.member()).user;
    const team = (await o.req('POST', '/teams', { name: 'Field' })).json();
    const created = await o.req('POST', '/display-numbers', {
      number: o.numbers.landline[3],
      userIds: [user.id],
      teamIds: [team.id],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      number: o.numbers.landline[3],
      userIds: [user.id],
      teamIds: [team.id],
      responseGroupId: null,
    });
    const edited = await o.req('PATCH', `/display-numbers/${created.json().id}`, { userIds: [] });
    expect(edited.json().userIds).toEqual([]);
    expect((await o.req('DELETE', `/display-numbers/${created.json().id}`)).statusCode).toBe(204);
    const numbers = (await o.req('GET', '/numbers')).json().map((n: { number: string }) => n.number);
    expect(numbers).toContain(o.numbers.landline[3]);
  });

  it("grants a response group's number to its agents and supervisors, and refuses deleting it (409 group_number)", async () => {
    const created = await o.req('POST', '/display-numbers', {
      number: o.numbers.landline[0],
      grantToGroupAgents: true,
      grantToGroupSupervisors: true,
    });
    expect(created.json()).toMatchObject({ responseGroupId: groupId, grantToGroupAgents: true });
    const refused = await o.req('DELETE', `/display-numbers/${created.json().id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'group_number', responseGroupId: groupId });
  });

  it('refuses group grants on a number of no group, unknown users, a duplicate and a foreign number', async () => {
    const grants = await o.req('POST', '/display-numbers', {
      number: o.numbers.landline[4],
      grantToGroupAgents: true,
      userIds: ['ghost'],
    });
    expect(paths(grants).sort()).toEqual(['grantToGroupAgents', 'userIds[0]']);
    const duplicate = await o.req('POST', '/display-numbers', { number: o.numbers.landline[0] });
    expect(duplicate.statusCode).toBe(409);
    expect(paths(await o.req('POST', '/display-numbers', { number: '+46500000000' }))).toEqual(['number']);
  });
});
