import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const paths = (res: { json(): { errors?: Array<{ path: string }> } }) => (res.json().errors ?? []).map((e) => e.path);

describe('organisations (R1, R2)', () => {
  it('creates an organisation with defaults, lists, shows and edits it', async () => {
    const created = await h.operator('POST', '/api/v1/operator/organisations', { name: 'Kaffe AB' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Kaffe AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'light',
    });
    const id = created.json().id;
    expect(
      (await h.operator('GET', '/api/v1/operator/organisations')).json().map((o: { id: string }) => o.id),
    ).toContain(id);
    const edited = await h.operator('PATCH', `/api/v1/operator/organisations/${id}`, {
      package: 'unlimited',
      language: 'en',
    });
    expect(edited.json()).toMatchObject({ package: 'unlimited', language: 'en', name: 'Kaffe AB' });
    expect((await h.operator('GET', `/api/v1/operator/organisations/${id}`)).json().package).toBe('unlimited');
  });

  it('refuses an unknown time zone, an empty name and 404s an unknown organisation', async () => {
    const res = await h.operator('POST', '/api/v1/operator/organisations', { name: ' ', timeZone: 'Mars/Olympus' });
    expect(paths(res).sort()).toEqual(['name', 'timeZone']);
    expect((await h.operator('GET', '/api/v1/operator/organisations/nope')).statusCode).toBe(404);
    expect((await h.operator('PATCH', '/api/v1/operator/organisations/nope', { name: 'x' })).statusCode).toBe(404);
  });
});

describe('numbers (R1)', () => {
  it('allocates numbers, refuses one allocated anywhere already, and lists the inventory', async () => {
    const a = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'A' })).json();
    const b = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'B' })).json();
    const res = await h.operator('POST', `/api/v1/operator/organisations/${a.id}/numbers`, {
      numbers: [
        { number: '+46855500001', type: 'landline' },
        { number: '+46705550001', type: 'mobile' },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual([
      { number: '+46855500001', type: 'landline', organisationId: a.id, assignment: null },
      { number: '+46705550001', type: 'mobile', organisationId: a.id, assignment: null },
    ]);
    const taken = await h.operator('POST', `/api/v1/operator/organisations/${b.id}/numbers`, {
      numbers: [{ number: '+46855500001', type: 'landline' }],
    });
    expect(taken.statusCode).toBe(409);
    const twice = await h.operator('POST', `/api/v1/operator/organisations/${b.id}/numbers`, {
      numbers: [
        { number: '+46855500002', type: 'landline' },
        { number: '+46855500002', type: 'landline' },
      ],
    });
    expect(paths(twice)).toEqual(['numbers[1].number']);
    expect(
      paths(
        await h.operator('POST', `/api/v1/operator/organisations/${b.id}/numbers`, {
          numbers: [{ number: '0855500003', type: 'fax' }],
        }),
      ).sort(),
    ).toEqual(['numbers[0].number', 'numbers[0].type']);
    expect((await h.operator('GET', `/api/v1/operator/organisations/${a.id}/numbers`)).json()).toHaveLength(2);
  });

  it('takes a free number back, but refuses one still assigned (409 in_use)', async () => {
    const org = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'C' })).json();
    await h.operator('POST', `/api/v1/operator/organisations/${org.id}/numbers`, {
      numbers: [
        { number: '+46866600001', type: 'landline' },
        { number: '+46866600002', type: 'landline' },
      ],
    });
    const admin = (
      await h.operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, {
        name: 'Boss',
        email: 'boss@c.test',
        password: 'boss password 12',
      })
    ).json();
    await h.store.users.update(org.id, {
      ...(await h.store.users.getRecord(org.id, admin.id))!,
      landlineNumber: '+46866600001',
    });
    const refused = await h.operator('DELETE', `/api/v1/operator/organisations/${org.id}/numbers/+46866600001`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'in_use',
      usages: [{ type: 'user', id: admin.id, field: 'landlineNumber' }],
    });
    expect(
      (await h.operator('DELETE', `/api/v1/operator/organisations/${org.id}/numbers/%2B46866600002`)).statusCode,
    ).toBe(204);
    expect(
      (await h.operator('DELETE', `/api/v1/operator/organisations/${org.id}/numbers/%2B46866600002`)).statusCode,
    ).toBe(404);
  });
});

describe('admins (R1)', () => {
  it('creates an admin with pro licence and phone_system who can log in; a duplicate email is refused', async () => {
    const org = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'D' })).json();
    const res = await h.operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, {
      name: 'Dana',
      email: 'dana@d.test',
      password: 'dana password 12',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      licence: 'pro',
      permissions: ['phone_system'],
      extension: '100',
      hasSipPassword: false,
      status: 'active',
      invitation: null,
      accountExists: false,
      sipUsername: expect.stringMatching(/^[a-z0-9]{10}$/),
    });
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'dana@d.test', password: 'dana password 12' },
    });
    expect(login.statusCode).toBe(200);
    const again = await h.operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, {
      name: 'Dana',
      email: 'DANA@d.test',
      password: 'dana password 12',
    });
    expect(again.statusCode).toBe(409);
  });

  it('applies the password policy to the password it is given, naming the problem', async () => {
    const org = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'P' })).json();
    const admin = (password: string) =>
      h.operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, { name: 'E', email: 'e@p.test', password });
    expect((await admin('short')).json().errors).toEqual([
      { path: 'password', message: expect.any(String), code: 'password_too_short' },
    ]);
    expect((await admin('qwertyuiopasdf')).json().errors[0].code).toBe('password_common');
    expect((await admin('e@p.test')).json().errors[0].code).toBe('password_too_short');
    expect((await h.operator('GET', `/api/v1/operator/organisations/${org.id}`)).statusCode).toBe(200);
  });

  it('invites an admin given no password; the person chooses it on accepting', async () => {
    const org = (await h.operator('POST', '/api/v1/operator/organisations', { name: 'Q' })).json();
    const res = await h.operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, {
      name: 'Quinn',
      email: 'quinn@q.test',
    });
    expect(res.json()).toMatchObject({
      status: 'pending',
      accountExists: false,
      invitation: { token: expect.any(String) },
    });
    const accepted = await h.acceptInvitation(res.json().invitation.token, { password: 'quinn chose this one' });
    expect(accepted.json().me.organisations).toEqual([
      expect.objectContaining({ organisationId: org.id, permissions: ['phone_system'] }),
    ]);
  });
});

describe('trunks (R1)', () => {
  it('creates, edits and deletes a trunk; its password is write-only', async () => {
    const created = await h.operator('POST', '/api/v1/operator/trunks', {
      name: 'Carrier',
      host: 'sip.carrier.test',
      inboundAddresses: ['192.0.2.10'],
      username: 'vaxel',
      password: 'trunk-secret',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Carrier',
      port: 5060,
      transport: 'udp',
      hasPassword: true,
      organisationIds: [],
    });
    expect(created.body).not.toContain('trunk-secret');
    const id = created.json().id;
    const edited = await h.operator('PATCH', `/api/v1/operator/trunks/${id}`, { port: 5080, transport: 'tcp' });
    expect(edited.json()).toMatchObject({
      port: 5080,
      transport: 'tcp',
      hasPassword: true,
      username: 'vaxel',
      inboundAddresses: ['192.0.2.10'],
    });
    expect((await h.operator('GET', '/api/v1/operator/trunks')).body).not.toContain('trunk-secret');
    expect((await h.operator('DELETE', `/api/v1/operator/trunks/${id}`)).statusCode).toBe(204);
    expect((await h.operator('GET', `/api/v1/operator/trunks/${id}`)).statusCode).toBe(404);
  });

  it('refuses a bad address, port and unknown organisation with paths', async () => {
    const res = await h.operator('POST', '/api/v1/operator/trunks', {
      name: 'X',
      host: 'h',
      port: 70000,
      inboundAddresses: ['not-an-ip'],
    });
    expect(paths(res).sort()).toEqual(['inboundAddresses[0]', 'port']);
    expect(
      paths(await h.operator('POST', '/api/v1/operator/trunks', { name: 'X', host: 'h', organisationIds: ['nope'] })),
    ).toEqual(['organisationIds[0]']);
  });
});

describe('what a call forwarded out through a trunk presents (issue 10, RFC 5806)', () => {
  it('is the original caller with a Diversion by default, and the organisation’s number once the operator says so, audited', async () => {
    const created = await h.operator('POST', '/api/v1/operator/trunks', {
      name: 'Strict carrier',
      host: 'sip.strict.test',
    });
    expect(created.json().forwardedCallerId).toBe('original_with_diversion');
    const id = created.json().id;
    const edited = await h.operator('PATCH', `/api/v1/operator/trunks/${id}`, {
      forwardedCallerId: 'organisation_number',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      forwardedCallerId: 'organisation_number',
      host: 'sip.strict.test',
      port: 5060,
    });
    expect((await h.operator('GET', `/api/v1/operator/trunks/${id}`)).json().forwardedCallerId).toBe(
      'organisation_number',
    );
    expect((await h.operator('PATCH', `/api/v1/operator/trunks/${id}`, { port: 5070 })).json().forwardedCallerId).toBe(
      'organisation_number',
    );

    const entries = (await h.operator('GET', `/api/v1/operator/audit-log?objectType=trunk&objectId=${id}`)).json()
      .entries as Array<{ action: string; changes: unknown[] }>;
    expect(entries.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(entries[1]!.changes).toEqual([
      { field: 'forwardedCallerId', before: 'original_with_diversion', after: 'organisation_number' },
    ]);
  });

  it('refuses a value it does not know as problem+json naming the field, and changes nothing', async () => {
    const { id } = (
      await h.operator('POST', '/api/v1/operator/trunks', { name: 'Carrier B', host: 'sip.b.test' })
    ).json();
    const res = await h.operator('PATCH', `/api/v1/operator/trunks/${id}`, { forwardedCallerId: 'anonymous' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(res)).toEqual(['forwardedCallerId']);
    expect(
      paths(await h.operator('POST', '/api/v1/operator/trunks', { name: 'X', host: 'h', forwardedCallerId: null })),
    ).toEqual(['forwardedCallerId']);
    expect((await h.operator('GET', `/api/v1/operator/trunks/${id}`)).json().forwardedCallerId).toBe(
      'original_with_diversion',
    );
  });

  it('is documented in the OpenAPI document with both values', async () => {
    const doc = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const patch = doc.json().paths['/api/v1/operator/trunks/{trunkId}'].patch;
    expect(JSON.stringify(patch.requestBody)).toContain('"enum":["original_with_diversion","organisation_number"]');
    expect(JSON.stringify(patch.responses['200'])).toContain('forwardedCallerId');
  });
});
