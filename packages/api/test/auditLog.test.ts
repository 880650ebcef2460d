import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '@vaxel/domain';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';
import { multipart, toneFile } from './support/multipart.ts';

/** The audit log as admins and the operator read it: every change of a setting, who, when, from where. */
let h: Harness;
let o: TestOrganisation;
let adminAccountId: string;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation({ name: 'Audited AB' });
  adminAccountId = (await h.as(o.adminToken, 'GET', '/api/v1/me')).json().accountId;
});
afterAll(async () => h.close());

async function log(org: TestOrganisation, query: Record<string, string | number> = {}): Promise<AuditEntry[]> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await org.req('GET', `/audit-log${search ? `?${search}` : ''}`);
  expect(res.statusCode).toBe(200);
  return res.json().entries;
}

const ofObject = (objectType: string, objectId: string) => log(o, { objectType, objectId });

describe('changes of settings', () => {
  it("records a group's create, rename and delete with who, when and from where; an update names only the field that changed", async () => {
    const started = new Date().toISOString();
    const created = (
      await o.req('POST', '/response-groups', { name: 'Sales', number: o.numbers.landline[0], numericId: '1' })
    ).json();
    expect((await o.req('PATCH', `/response-groups/${created.id}`, { name: 'Support' })).statusCode).toBe(200);
    expect((await o.req('DELETE', `/response-groups/${created.id}`)).statusCode).toBe(204);

    const [deleted, renamed, made] = await ofObject('responseGroup', created.id);
    expect(renamed).toMatchObject({
      organisationId: o.org.id,
      action: 'update',
      objectType: 'responseGroup',
      objectId: created.id,
      objectName: 'Support',
      actor: { kind: 'account', accountId: adminAccountId, name: o.admin.name, email: o.adminEmail },
      sourceAddress: '127.0.0.1',
      changes: [{ field: 'name', before: 'Sales', after: 'Support' }],
    });
    expect(renamed!.at >= started && renamed!.at <= new Date().toISOString()).toBe(true);
    expect(made).toMatchObject({ action: 'create', objectName: 'Sales' });
    expect(made!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', after: 'Sales' },
        { field: 'numericId', after: '1' },
        { field: 'number', after: o.numbers.landline[0] },
      ]),
    );
    expect(deleted).toMatchObject({ action: 'delete', objectName: 'Support' });
    expect(deleted!.changes).toEqual(expect.arrayContaining([{ field: 'name', before: 'Support' }]));
    expect(deleted!.changes.every((c) => !('after' in c))).toBe(true);
  });

  it('follows nested settings to the field that changed, for a group and for the defaults of new groups', async () => {
    const group = (
      await o.req('POST', '/response-groups', { name: 'Queue', number: o.numbers.landline[1], numericId: '2' })
    ).json();
    await o.req('PATCH', `/response-groups/${group.id}`, { settings: { queue: { maxWaitSeconds: 120 } } });
    const [update] = await ofObject('responseGroup', group.id);
    expect(update!.changes).toEqual([
      { field: 'settings.queue.maxWaitSeconds', before: group.settings.queue.maxWaitSeconds, after: 120 },
    ]);

    await o.req('PATCH', '/response-group-defaults', { distribution: { strategy: 'serial' } });
    const [defaults] = await log(o, { objectType: 'responseGroupDefaults' });
    expect(defaults).toMatchObject({
      action: 'update',
      objectId: null,
      changes: [{ field: 'distribution.strategy', before: 'ringAll', after: 'serial' }],
    });
  });

  it("records an agent's login under the group, and a user's call handling under the user, by name", async () => {
    const member = await o.member();
    const group = (
      await o.req('POST', '/response-groups', {
        name: 'Agents',
        number: o.numbers.landline[2],
        numericId: '3',
        agentIds: [member.user.id],
      })
    ).json();
    expect(
      (await o.req('PUT', `/response-groups/${group.id}/agents/${member.user.id}/login`, { loggedIn: false }))
        .statusCode,
    ).toBe(200);
    const [login] = await ofObject('responseGroup', group.id);
    expect(login).toMatchObject({
      action: 'update',
      objectName: 'Agents',
      changes: [
        {
          field: 'agents',
          before: [{ userId: member.user.id, loggedIn: true, reachOn: 'phone' }],
          after: [{ userId: member.user.id, loggedIn: false, reachOn: 'phone' }],
        },
      ],
    });

    expect(
      (await o.req('PUT', `/users/${member.user.id}/routing`, { overrides: { ringSeconds: 40 } })).statusCode,
    ).toBe(200);
    const [routing] = await ofObject('user', member.user.id);
    expect(routing).toMatchObject({ action: 'update', objectName: member.user.name });
    expect(routing!.changes).toEqual(
      expect.arrayContaining([
        { field: 'routing.overrides.ringSeconds', after: 40 },
        { field: 'routing.effective.ringSeconds', before: 25, after: 40 },
      ]),
    );
  });

  it("records an upload's file name, type and size, never its bytes", async () => {
    const wav = await toneFile(1, 'wav');
    const body = multipart(
      { name: 'Hold tone', language: 'sv-SE' },
      { name: 'tone.wav', type: 'audio/wav', data: wav },
    );
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/audio-files`,
      headers: { authorization: `Bearer ${o.adminToken}`, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const [entry] = await ofObject('audioFile', res.json().id);
    expect(entry).toMatchObject({
      action: 'create',
      objectName: 'Hold tone',
      detail: { upload: { field: 'file', fileName: 'tone.wav', mimeType: 'audio/wav', bytes: wav.length } },
    });
    expect(JSON.stringify(entry).length).toBeLessThan(2000);

    const replacement = multipart({}, { name: 'new.wav', type: 'audio/wav', data: await toneFile(2, 'wav') });
    const put = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${o.org.id}/audio-files/${res.json().id}/content`,
      headers: { authorization: `Bearer ${o.adminToken}`, ...replacement.headers },
      payload: replacement.payload,
    });
    expect(put.statusCode).toBe(200);
    const [replaced] = await ofObject('audioFile', res.json().id);
    expect(replaced).toMatchObject({ action: 'update', detail: { upload: { fileName: 'new.wav' } } });
    expect(replaced!.changes).toEqual(
      expect.arrayContaining([{ field: 'originalFileName', before: 'tone.wav', after: 'new.wav' }]),
    );
  });

  it('records a change made through the console session (cookie) with the state before it', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.adminEmail, password: testPassword },
    });
    const cookie = `vaxel_session=${login.json().token}`;
    const team = (await o.req('POST', '/teams', { name: 'Day shift' })).json();
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${o.org.id}/teams/${team.id}`,
      headers: { cookie, 'x-requested-with': 'vaxel' },
      payload: { name: 'Night shift' },
    });
    expect(res.statusCode).toBe(200);
    const [entry] = await ofObject('team', team.id);
    expect(entry!.changes).toEqual([{ field: 'name', before: 'Day shift', after: 'Night shift' }]);
  });

  it('writes nothing for a refused change or for a save that changes nothing', async () => {
    const team = (await o.req('POST', '/teams', { name: 'Unchanged' })).json();
    const member = await o.member();
    expect((await o.req('PATCH', `/teams/${team.id}`, { name: '' })).statusCode).toBe(400);
    expect(
      (await h.as(member.token, 'PATCH', `/api/v1/orgs/${o.org.id}/teams/${team.id}`, { name: 'Hijacked' })).statusCode,
    ).toBe(403);
    expect((await o.req('PATCH', `/teams/${team.id}`, { name: 'Unchanged' })).statusCode).toBe(200);
    expect((await o.req('DELETE', `/teams/not-a-team`)).statusCode).toBe(404);
    expect((await ofObject('team', team.id)).map((e) => e.action)).toEqual(['create']);
    expect(await ofObject('team', 'not-a-team')).toEqual([]);
  });
});

describe('operator changes', () => {
  it('files trunks under the platform, and numbers and admins under their organisation, by the operator', async () => {
    const trunk = (
      await h.operator('POST', '/api/v1/operator/trunks', { name: 'Carrier A', host: '192.0.2.1' })
    ).json();
    await h.operator('PATCH', `/api/v1/operator/trunks/${trunk.id}`, { port: 5080 });
    const platform = (
      await h.operator('GET', `/api/v1/operator/audit-log?objectType=trunk&objectId=${trunk.id}`)
    ).json().entries as AuditEntry[];
    expect(platform.map((e) => [e.action, e.organisationId, e.actor.kind])).toEqual([
      ['update', null, 'operator'],
      ['create', null, 'operator'],
    ]);
    expect(platform[0]!.changes).toEqual([{ field: 'port', before: 5060, after: 5080 }]);
    expect(await log(o, { objectType: 'trunk' })).toEqual([]);

    const number = '+46812999001';
    await h.operator('POST', `/api/v1/operator/organisations/${o.org.id}/numbers`, {
      numbers: [
        { number, type: 'landline' },
        { number: '+46812999002', type: 'landline' },
      ],
    });
    await h.operator('DELETE', `/api/v1/operator/organisations/${o.org.id}/numbers/${encodeURIComponent(number)}`);
    const numbers = await ofObject('number', number);
    expect(numbers.map((e) => [e.action, e.actor.kind, e.objectName])).toEqual([
      ['delete', 'operator', number],
      ['create', 'operator', number],
    ]);
    expect(numbers[0]!.changes).toEqual(expect.arrayContaining([{ field: 'type', before: 'landline' }]));
    expect(await ofObject('number', '+46812999002')).toHaveLength(1);

    const fromOperator = (
      await h.operator('GET', `/api/v1/operator/audit-log?organisationId=${o.org.id}&objectType=number`)
    ).json().entries as AuditEntry[];
    expect(fromOperator.slice(0, 3).map((e) => e.objectId)).toEqual(['+46812999001', '+46812999002', '+46812999001']);

    const [admin] = await ofObject('user', o.admin.id);
    expect(admin).toMatchObject({
      action: 'create',
      organisationId: o.org.id,
      objectName: o.admin.name,
      actor: { kind: 'operator', name: 'Operator' },
    });
    expect(admin!.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', after: o.adminEmail },
        { field: 'password', after: '[redacted]' },
      ]),
    );
  });
});

describe('reading the audit log', () => {
  it('pages newest first and filters by person and time range', async () => {
    const other = await h.organisation();
    const otherAccount = (await h.as(other.adminToken, 'GET', '/api/v1/me')).json().accountId;
    for (const name of ['One', 'Two', 'Three']) await other.req('POST', '/teams', { name });
    const member = await other.member();
    const all = await log(other, { objectType: 'team' });
    expect(all.map((e) => e.objectName)).toEqual(['Three', 'Two', 'One']);

    const first = (await other.req('GET', '/audit-log?objectType=team&limit=2')).json();
    const second = (await other.req('GET', `/audit-log?objectType=team&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.entries, ...second.entries].map((e: AuditEntry) => e.objectName)).toEqual(['Three', 'Two', 'One']);
    expect(second.nextCursor).toBeNull();

    expect((await log(other, { actorAccountId: otherAccount })).every((e) => e.actor.accountId === otherAccount)).toBe(
      true,
    );
    expect(await log(other, { actorAccountId: 'someone-else' })).toEqual([]);
    const two = all[1]!;
    expect((await log(other, { objectType: 'team', from: two.at, to: all[0]!.at })).map((e) => e.objectName)).toContain(
      'Two',
    );
    expect(await log(other, { objectType: 'team', to: all[2]!.at })).toEqual([]);

    // The admin changed settings; the member logged in (a security event): both are people of the log.
    const actors = (await other.req('GET', '/audit-log/actors')).json();
    expect(actors).toEqual([
      { kind: 'account', accountId: otherAccount, name: other.admin.name, email: other.adminEmail },
      { kind: 'account', accountId: expect.any(String), name: member.user.name, email: member.user.email },
    ]);
  });

  it('answers a bad cursor or time with 400 naming the field', async () => {
    const cursor = await o.req('GET', '/audit-log?cursor=not-a-cursor');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor' }] });
    const time = await o.req('GET', '/audit-log?from=yesterday');
    expect(time.statusCode).toBe(400);
    expect(time.json().errors.map((e: { path: string }) => e.path)).toEqual(['from']);
  });

  it('shows an admin of another organisation none of the entries, by listing, filter or id', async () => {
    const stranger = await h.organisation();
    const team = (await o.req('POST', '/teams', { name: 'Confidential team' })).json();
    const [entry] = await ofObject('team', team.id);
    expect((await h.as(stranger.adminToken, 'GET', `/api/v1/orgs/${o.org.id}/audit-log`)).statusCode).toBe(404);
    expect((await h.as(stranger.adminToken, 'GET', `/api/v1/orgs/${o.org.id}/audit-log/${entry!.id}`)).statusCode).toBe(
      404,
    );
    const own = await stranger.req('GET', `/audit-log/${entry!.id}`);
    expect(own.statusCode).toBe(404);
    expect(own.body).not.toContain('Confidential');
    const listed = await log(stranger, { limit: 200 });
    expect(listed.some((e) => e.organisationId !== stranger.org.id)).toBe(false);
    expect(await log(stranger, { objectId: team.id })).toEqual([]);
    expect((await o.req('GET', `/audit-log/${entry!.id}`)).json()).toEqual(entry);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orgs/{orgId}/audit-log',
        '/api/v1/orgs/{orgId}/audit-log/{entryId}',
        '/api/v1/operator/audit-log',
      ]),
    );
  });
});

describe('when the audit log cannot be written or a state cannot be read', () => {
  it('the change still succeeds, and the failure is logged without the entry', async () => {
    const lines: string[] = [];
    const broken = await startHarness({ logLines: lines });
    try {
      const org = await broken.organisation();
      const team = (await org.req('POST', '/teams', { name: 'Before' })).json();
      const append = vi.spyOn(broken.store.auditLog, 'append').mockRejectedValueOnce(new Error('disk full'));
      const res = await org.req('PATCH', `/teams/${team.id}`, { name: 'After' });
      append.mockRestore();
      expect(res.statusCode).toBe(200);
      expect((await org.req('GET', `/teams/${team.id}`)).json().name).toBe('After');
      const failure = lines.find((line) => line.includes('audit log: the entry could not be written'));
      expect(failure).toContain('disk full');
      expect(failure).not.toContain('Before');
      expect(
        (await org.req('GET', `/audit-log?objectType=team&objectId=${team.id}`))
          .json()
          .entries.map((e: AuditEntry) => e.action),
      ).toEqual(['create']);
    } finally {
      await broken.close();
    }
  });

  it('records a change whose state cannot be read back, saying so', async () => {
    // A resource whose read fails once it is switched, as a change that ends the caller's own session would.
    const lamp = { id: 'lamp-1', name: 'Desk lamp', on: false };
    let readable = true;
    const odd = await startHarness({
      beforeReady: (app) => {
        app.get(
          '/api/v1/orgs/:orgId/lamps/:lampId',
          { config: { permission: 'phone_system' } },
          async (_request, reply) => (readable ? lamp : reply.code(503).send({ code: 'unavailable' })),
        );
        app.put('/api/v1/orgs/:orgId/lamps/:lampId/switch', { config: { permission: 'phone_system' } }, async () => {
          lamp.on = !lamp.on;
          readable = false;
          return { switched: true };
        });
      },
    });
    try {
      const org = await odd.organisation();
      expect((await org.req('PUT', '/lamps/lamp-1/switch', {})).statusCode).toBe(200);
      const [entry] = (await org.req('GET', '/audit-log?objectType=lamp')).json().entries as AuditEntry[];
      expect(entry).toMatchObject({
        action: 'update',
        objectId: 'lamp-1',
        objectName: 'Desk lamp',
        changes: [],
        detail: { stateAfterUnknown: true },
      });
    } finally {
      await odd.close();
    }
  });
});
