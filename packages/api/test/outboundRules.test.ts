import { factoryOutboundLimits, factoryOutboundRules, type AuditEntry, type OutboundBlock } from '@vaxel/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
/** What the switch was told through `LiveState.outboundBlockLifted` (the seam to the switch). */
const liftsTold: Array<{ organisationId: string; by: string }> = [];
beforeAll(async () => {
  h = await startHarness({
    liveState: { outboundBlockLifted: (organisationId, by) => void liftsTold.push({ organisationId, by }) },
  });
});
afterAll(async () => h.close());

type Res = { statusCode: number; json(): { code?: string; errors?: Array<{ path: string; message: string }> } };
const paths = (res: Res) => (res.json().errors ?? []).map((e) => e.path);
/** The refusal's field errors as path → message. */
const fieldErrors = (res: Res) => Object.fromEntries((res.json().errors ?? []).map((e) => [e.path, e.message]));
const external = (number: string) => ({ type: 'externalNumber', number });
const prompt = { type: 'tts', text: 'Välkommen', language: 'sv-SE' };

const berlin = '+4930123456';
const premium = '+46900123456';
const iridium = '+8816123456';

describe('outbound rules (R91)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('start as the factory rules: national calls only', async () => {
    const res = await o.req('GET', '/outbound-rules');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(factoryOutboundRules());
  });

  it('are replaced whole and read back as saved', async () => {
    const rules = {
      international: { allowed: true, countries: ['NO', 'DE'] },
      premium: { allowed: false },
      satellite: { allowed: true },
      limits: factoryOutboundLimits(),
    };
    const res = await o.req('PUT', '/outbound-rules', rules);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(rules);
    expect((await o.req('GET', '/outbound-rules')).json()).toEqual(rules);
    await o.req('PUT', '/outbound-rules', factoryOutboundRules());
  });

  it('refuse an unknown country, one listed twice and the organisation’s own, each at its place, and change nothing', async () => {
    const res = await o.req('PUT', '/outbound-rules', {
      international: { allowed: true, countries: ['XX', 'NO', 'NO', 'SE'] },
      premium: { allowed: false },
      satellite: { allowed: false },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(paths(res)).toEqual([
      'international.countries[0]',
      'international.countries[2]',
      'international.countries[3]',
    ]);
    expect((await o.req('GET', '/outbound-rules')).json()).toEqual(factoryOutboundRules());
  });

  it('refuse a lower-case code, a missing section and an unknown field with their paths', async () => {
    const lower = await o.req('PUT', '/outbound-rules', {
      international: { allowed: true, countries: ['de'] },
      premium: { allowed: false },
      satellite: { allowed: false },
    });
    expect(paths(lower)).toEqual(['international.countries[0]']);
    const missing = await o.req('PUT', '/outbound-rules', {
      international: { allowed: true, countries: [] },
      premium: { allowed: false },
    });
    expect(paths(missing)).toEqual(['satellite']);
    const unknown = await o.req('PUT', '/outbound-rules', { ...factoryOutboundRules(), blocked: true });
    expect(paths(unknown)).toEqual(['blocked']);
  });

  it('are documented in the OpenAPI document, the limits and the block with them', async () => {
    const doc = (await h.as(null, 'GET', '/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/orgs/{orgId}/outbound-rules'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/api/v1/orgs/{orgId}/outbound-block'] ?? {}).sort()).toEqual(['delete', 'get']);
    const text = JSON.stringify(doc.paths['/api/v1/orgs/{orgId}/outbound-rules']);
    for (const field of ['concurrentCalls', 'minutesPerHour', 'internationalSpike']) expect(text).toContain(field);
    expect(JSON.stringify(doc.paths['/api/v1/orgs/{orgId}/outbound-block'])).toContain('international_spike');
  });
});

describe('outbound limits (issue 10, toll fraud)', () => {
  let o: TestOrganisation;
  const rulesWith = (limits: unknown) => ({ ...factoryOutboundRules(), limits });
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('start as the factory limits: 10 calls at once, 300 minutes an hour, 10 international calls in 60 s', async () => {
    expect((await o.req('GET', '/outbound-rules')).json().limits).toEqual({
      concurrentCalls: 10,
      minutesPerHour: 300,
      internationalSpike: { calls: 10, seconds: 60 },
    });
  });

  it('are saved with the rules and read back', async () => {
    const limits = { concurrentCalls: 3, minutesPerHour: 120, internationalSpike: { calls: 4, seconds: 300 } };
    const res = await o.req('PUT', '/outbound-rules', rulesWith(limits));
    expect(res.statusCode).toBe(200);
    expect(res.json().limits).toEqual(limits);
    expect((await o.req('GET', '/outbound-rules')).json().limits).toEqual(limits);
  });

  it('are kept when a PUT leaves them out, while the rest of the rules change', async () => {
    const limits = { concurrentCalls: 2, minutesPerHour: 60, internationalSpike: { calls: 5, seconds: 120 } };
    await o.req('PUT', '/outbound-rules', rulesWith(limits));
    const { limits: _left, ...withoutLimits } = {
      ...factoryOutboundRules(),
      international: { allowed: true, countries: ['NO'] },
    };
    const res = await o.req('PUT', '/outbound-rules', withoutLimits);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...withoutLimits, limits });
    expect((await o.req('GET', '/outbound-rules')).json()).toEqual({ ...withoutLimits, limits });
  });

  it('refuse values out of range, fractions, strings and unknown fields, each at its path, and change nothing', async () => {
    const before = (await o.req('GET', '/outbound-rules')).json();
    const cases: Array<[unknown, string[]]> = [
      [
        { concurrentCalls: 0, minutesPerHour: 300, internationalSpike: { calls: 10, seconds: 60 } },
        ['limits.concurrentCalls'],
      ],
      [
        { concurrentCalls: 1001, minutesPerHour: 60001, internationalSpike: { calls: 10, seconds: 60 } },
        ['limits.concurrentCalls', 'limits.minutesPerHour'],
      ],
      [
        { concurrentCalls: 10, minutesPerHour: 0.5, internationalSpike: { calls: 1, seconds: 9 } },
        ['limits.minutesPerHour', 'limits.internationalSpike.calls', 'limits.internationalSpike.seconds'],
      ],
      [
        { concurrentCalls: '10', minutesPerHour: 300, internationalSpike: { calls: 1001, seconds: 3601 } },
        ['limits.concurrentCalls', 'limits.internationalSpike.calls', 'limits.internationalSpike.seconds'],
      ],
      [{ concurrentCalls: 10, minutesPerHour: 300 }, ['limits.internationalSpike']],
      [
        { concurrentCalls: 10, minutesPerHour: 300, internationalSpike: { calls: 10, seconds: 60 }, perDay: 5 },
        ['limits.perDay'],
      ],
    ];
    for (const [limits, expected] of cases) {
      const res = await o.req('PUT', '/outbound-rules', rulesWith(limits));
      expect(res.statusCode, JSON.stringify(limits)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation_failed');
      expect(paths(res).sort(), JSON.stringify(limits)).toEqual([...expected].sort());
    }
    expect((await o.req('GET', '/outbound-rules')).json()).toEqual(before);
  });

  it('accept the bounds themselves', async () => {
    for (const limits of [
      { concurrentCalls: 1, minutesPerHour: 1, internationalSpike: { calls: 2, seconds: 10 } },
      { concurrentCalls: 1000, minutesPerHour: 60000, internationalSpike: { calls: 1000, seconds: 3600 } },
    ]) {
      const res = await o.req('PUT', '/outbound-rules', rulesWith(limits));
      expect(res.statusCode).toBe(200);
      expect(res.json().limits).toEqual(limits);
    }
  });

  it('are audited as a change of the outbound rules, naming the changed limit', async () => {
    await o.req('PUT', '/outbound-rules', factoryOutboundRules());
    await o.req('PUT', '/outbound-rules', rulesWith({ ...factoryOutboundLimits(), concurrentCalls: 4 }));
    const [latest] = (await o.req('GET', '/audit-log?objectType=outboundRules')).json().entries as AuditEntry[];
    expect(latest).toMatchObject({ action: 'update', actor: { accountId: expect.any(String) } });
    expect(latest!.changes).toEqual([{ field: 'limits.concurrentCalls', before: 10, after: 4 }]);
  });
});

describe('the outbound block after a spike of international calls (issue 10, toll fraud)', () => {
  let o: TestOrganisation;
  const blockOf = (organisationId: string): OutboundBlock => ({
    organisationId,
    scope: 'international',
    reason: 'international_spike',
    since: '2026-12-02T03:14:15.000Z',
    calls: 10,
    seconds: 60,
  });
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('is null while international calls are not blocked', async () => {
    const res = await o.req('GET', '/outbound-block');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ block: null });
  });

  it('shows the block the switch set: since when, after how many calls in how many seconds', async () => {
    await h.store.outboundBlocks.set(blockOf(o.org.id));
    expect((await o.req('GET', '/outbound-block')).json()).toEqual({ block: blockOf(o.org.id) });
  });

  it('is lifted by an admin: 204, gone from the store, the switch told who lifted it, and audited', async () => {
    await h.store.outboundBlocks.set(blockOf(o.org.id));
    const told = liftsTold.length;
    const res = await o.req('DELETE', '/outbound-block');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await h.store.outboundBlocks.get(o.org.id)).toBeNull();
    expect((await o.req('GET', '/outbound-block')).json()).toEqual({ block: null });
    expect(liftsTold.slice(told)).toEqual([{ organisationId: o.org.id, by: o.admin.id }]);
    const [entry] = (await o.req('GET', '/audit-log?objectType=outboundBlock')).json().entries as AuditEntry[];
    expect(entry).toMatchObject({
      action: 'delete',
      organisationId: o.org.id,
      actor: { kind: 'account', email: o.adminEmail },
    });
    expect(entry!.changes).toEqual([{ field: 'block', before: blockOf(o.org.id) }]);
  });

  it('answers 404 when nothing is blocked, and tells the switch nothing', async () => {
    const told = liftsTold.length;
    const res = await o.req('DELETE', '/outbound-block');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('not_found');
    expect(liftsTold.length).toBe(told);
  });

  it('is seen by a user without phone_system, whose calls abroad it stops, but not lifted by them (403)', async () => {
    await h.store.outboundBlocks.set(blockOf(o.org.id));
    const { token } = await o.member();
    const seen = await h.as(token, 'GET', `/api/v1/orgs/${o.org.id}/outbound-block`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({ block: blockOf(o.org.id) });
    const told = liftsTold.length;
    const lift = await h.as(token, 'DELETE', `/api/v1/orgs/${o.org.id}/outbound-block`);
    expect(lift.statusCode).toBe(403);
    expect(lift.json().code).toBe('forbidden');
    expect(liftsTold.length).toBe(told);
    expect(await h.store.outboundBlocks.get(o.org.id)).toEqual(blockOf(o.org.id));
  });

  it('is neither seen nor lifted by an admin of another organisation (404), whose own block is theirs alone', async () => {
    await h.store.outboundBlocks.set(blockOf(o.org.id));
    const other = await h.organisation();
    for (const method of ['GET', 'DELETE']) {
      const res = await h.as(other.adminToken, method, `/api/v1/orgs/${o.org.id}/outbound-block`);
      expect(res.statusCode, method).toBe(404);
      expect(res.body).not.toContain('international_spike');
    }
    expect((await other.req('GET', '/outbound-block')).json()).toEqual({ block: null });
    expect((await other.req('DELETE', '/outbound-block')).statusCode).toBe(404);
    expect(await h.store.outboundBlocks.get(o.org.id)).toEqual(blockOf(o.org.id));
  });
});

describe('forwarding targets obey the outbound rules, and never loop or call for help (R91, R92)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation({ package: 'unlimited' });
  });

  it('refuses an emergency number as a forwarding target, in its E.164 form as well', async () => {
    const res = await o.req('PATCH', '/call-routing-defaults', { unansweredDestination: external('+4690000') });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({ unansweredDestination: expect.stringMatching(/emergency number/) });
  });

  it('refuses one of the organisation’s own numbers as a loop', async () => {
    const res = await o.req('PATCH', '/call-routing-defaults', { busyDestination: external(o.numbers.landline[4]!) });
    expect(fieldErrors(res)).toEqual({ busyDestination: expect.stringMatching(/own numbers.*loop/) });
  });

  it('refuses an international target until its country is allowed, then accepts it', async () => {
    const refused = await o.req('PATCH', '/call-routing-defaults', { rejectedDestination: external(berlin) });
    expect(refused.statusCode).toBe(400);
    expect(fieldErrors(refused)).toEqual({ rejectedDestination: expect.stringMatching(/international/) });
    await o.req('PUT', '/outbound-rules', {
      ...factoryOutboundRules(),
      international: { allowed: true, countries: ['DE'] },
    });
    const accepted = await o.req('PATCH', '/call-routing-defaults', { rejectedDestination: external(berlin) });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().rejectedDestination).toEqual(external(berlin));
    await o.req('PATCH', '/call-routing-defaults', { rejectedDestination: { type: 'busyTone' } });
    await o.req('PUT', '/outbound-rules', factoryOutboundRules());
  });

  it('refuses premium and satellite targets in the unassigned-number rule', async () => {
    const res = await o.req('PATCH', '/call-routing-defaults', {
      unassignedNumbers: { action: 'route', destination: external(premium) },
    });
    expect(fieldErrors(res)).toEqual({ 'unassignedNumbers.destination': expect.stringMatching(/premium-rate/) });
    const satellite = await o.req('PATCH', '/call-routing-defaults', {
      unassignedNumbers: { action: 'route', destination: external(iridium) },
    });
    expect(fieldErrors(satellite)).toEqual({ 'unassignedNumbers.destination': expect.stringMatching(/satellite/) });
  });

  it('refuses a user forwarding to himself, or to his own mobile number, and lets him forward to a colleague', async () => {
    const me = (await o.member()).user;
    const colleague = (await o.member()).user;
    await o.req('PATCH', `/users/${me.id}`, { mobileNumber: o.numbers.mobile[0] });
    const self = await o.req('PUT', `/users/${me.id}/routing`, {
      overrides: { unansweredDestination: { type: 'user', userId: me.id } },
    });
    expect(fieldErrors(self)).toEqual({ 'overrides.unansweredDestination': expect.stringMatching(/same user/) });
    const ownMobile = await o.req('PUT', `/users/${me.id}/routing`, {
      overrides: { busyDestination: external(o.numbers.mobile[0]!) },
    });
    expect(fieldErrors(ownMobile)).toEqual({ 'overrides.busyDestination': expect.stringMatching(/loop/) });
    const abroad = await o.req('PUT', `/users/${me.id}/routing`, {
      overrides: { rejectedDestination: external(berlin) },
    });
    expect(fieldErrors(abroad)).toEqual({ 'overrides.rejectedDestination': expect.stringMatching(/international/) });
    const colleagueOk = await o.req('PUT', `/users/${me.id}/routing`, {
      overrides: { unansweredDestination: { type: 'user', userId: colleague.id } },
    });
    expect(colleagueOk.statusCode).toBe(200);
  });

  it('refuses a group overflowing, closing or giving up to itself, and an international overflow', async () => {
    const group = (
      await o.req('POST', '/response-groups', { name: 'Support', number: o.numbers.landline[0], numericId: '1' })
    ).json();
    const toItself = { type: 'responseGroup', responseGroupId: group.id };
    const res = await o.req('PATCH', `/response-groups/${group.id}`, {
      settings: { queue: { limitReachedDestination: toItself }, schedule: { closedDestination: toItself } },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['settings.queue.limitReachedDestination', 'settings.schedule.closedDestination']);
    const abroad = await o.req('PATCH', `/response-groups/${group.id}`, {
      settings: { queue: { limitReachedDestination: external(berlin) } },
    });
    expect(fieldErrors(abroad)).toEqual({
      'settings.queue.limitReachedDestination': expect.stringMatching(/international/),
    });
    const fresh = (await o.req('GET', `/response-groups/${group.id}`)).json();
    expect(fresh.settings.queue.limitReachedDestination).toEqual({ type: 'voicemail' });
  });

  it('refuses premium numbers in the defaults for new groups', async () => {
    const res = await o.req('PATCH', '/response-group-defaults', {
      schedule: { closedDestination: external(premium) },
    });
    expect(fieldErrors(res)).toEqual({ 'schedule.closedDestination': expect.stringMatching(/premium-rate/) });
  });

  it('refuses a menu whose key, no-input or invalid-key handling goes straight back to itself, and accepts repeat menu', async () => {
    const menu = (
      await o.req('POST', '/ivr-menus', { name: 'Main', number: o.numbers.landline[1], prompts: [prompt] })
    ).json();
    const toItself = { type: 'ivrMenu', ivrMenuId: menu.id };
    const res = await o.req('PATCH', `/ivr-menus/${menu.id}`, {
      keys: { '1': toItself, '2': { type: 'repeatMenu' } },
      advanced: { noInputDestination: toItself, invalidKeyDestination: toItself },
      closedDestination: toItself,
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual([
      'advanced.invalidKeyDestination',
      'advanced.noInputDestination',
      'closedDestination',
      'keys.1',
    ]);
    expect(fieldErrors(res)['keys.1']).toMatch(/repeat menu/);
    const repeat = await o.req('PATCH', `/ivr-menus/${menu.id}`, {
      keys: { '2': { type: 'repeatMenu' } },
      advanced: { noInputDestination: { type: 'repeatMenu' } },
    });
    expect(repeat.statusCode).toBe(200);
  });

  it('refuses a satellite number on a key of a new menu', async () => {
    const res = await o.req('POST', '/ivr-menus', {
      name: 'Ship',
      number: null,
      prompts: [prompt],
      keys: { '5': external(iridium) },
    });
    expect(fieldErrors(res)).toEqual({ 'keys.5': expect.stringMatching(/satellite/) });
  });
});

describe('emergency numbers are never extensions (R3, R92)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('refuses a user with extension 112 or 90000 in a Swedish organisation, naming the field', async () => {
    for (const extension of ['112', '90000']) {
      const res = await o.req('POST', '/users', { name: 'Nod', email: `nod${extension}@example.test`, extension });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)).toEqual({ extension: expect.stringMatching(/emergency number.*must not shadow/) });
    }
    expect((await o.req('GET', '/users')).json().map((u: { extension: string }) => u.extension)).not.toContain('112');
  });

  it('refuses changing an extension to an emergency number', async () => {
    const { user } = await o.member();
    const res = await o.req('PATCH', `/users/${user.id}`, { extension: '112' });
    expect(fieldErrors(res)).toEqual({ extension: expect.stringMatching(/emergency/) });
  });

  it('accepts 110 in Sweden, but refuses moving the organisation to Germany, where 110 is the police', async () => {
    const res = await o.req('POST', '/users', { name: 'Tio', email: 'tio@example.test', extension: '110' });
    expect(res.statusCode).toBe(201);
    const move = await h.operator('PATCH', `/api/v1/operator/organisations/${o.org.id}`, { country: 'DE' });
    expect(move.statusCode).toBe(400);
    expect(fieldErrors(move)).toEqual({
      country: expect.stringMatching(/Tio's extension 110 is an emergency number in DE/),
    });
    expect((await h.operator('GET', `/api/v1/operator/organisations/${o.org.id}`)).json().country).toBe('SE');
  });

  it('takes the new country off the allowlist when the organisation moves there, since calls to it are national now', async () => {
    const moving = await h.organisation();
    await moving.req('PUT', '/outbound-rules', {
      ...factoryOutboundRules(),
      international: { allowed: true, countries: ['NO', 'DK'] },
    });
    const move = await h.operator('PATCH', `/api/v1/operator/organisations/${moving.org.id}`, { country: 'NO' });
    expect(move.statusCode).toBe(200);
    expect((await moving.req('GET', '/outbound-rules')).json().international).toEqual({
      allowed: true,
      countries: ['DK'],
    });
  });

  it('refuses an operator-given admin extension that is an emergency number', async () => {
    const res = await h.operator('POST', `/api/v1/operator/organisations/${o.org.id}/admins`, {
      name: 'Boss',
      email: 'boss@example.test',
      password: 'a long test password',
      extension: '112',
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['extension']);
  });
});
