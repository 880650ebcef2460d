import { fileKeys, verifyVoicemailPin } from '@vaxel/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * R17, R76: voicemail boxes in the API. Who opens which box (own, supervised group, all with
 * phone_system; nothing of another organisation), the audio with range requests, read state,
 * deleting (the file goes too), PINs (validated, hashed, audited without the digits) and the
 * organisation's voicemail access in the call-routing defaults.
 */
let h: Harness;
let a: TestOrganisation;
let b: TestOrganisation;
let anna: { user: { id: string; name: string }; token: string };
let bo: { user: { id: string }; token: string };
let groupId: string;

/** A 16-bit mono 8 kHz WAV of `samples`. */
function wav(samples: Int16Array): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const tone = (ms: number) =>
  Int16Array.from({ length: (ms * 8000) / 1000 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
  );

async function leaveMessage(
  org: TestOrganisation,
  box: { type: 'user'; userId: string } | { type: 'responseGroup'; responseGroupId: string },
  fields: { fromName?: string; createdAt?: string } = {},
) {
  const message = await h.store.voicemail.create(org.org.id, {
    box,
    callId: null,
    fromNumber: '+46701234567',
    fromName: fields.fromName ?? 'Carl Caller',
    durationMs: 500,
    heard: false,
    createdAt: fields.createdAt ?? new Date().toISOString(),
  });
  const audio = wav(tone(500));
  await h.files.put(fileKeys.voicemail(org.org.id, message.id), audio);
  return { message, audio };
}

const userBoxId = (userId: string) => `user-${userId}`;
const asOrg = (
  org: TestOrganisation,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => h.as(token, method, `/api/v1/orgs/${org.org.id}${path}`, body, headers);

beforeAll(async () => {
  h = await startHarness({ onDisk: true });
  a = await h.organisation({ name: 'Alpha Voicemail' });
  b = await h.organisation({ name: 'Bravo Voicemail' });
  anna = await a.member();
  bo = await a.member();
  // Supervisors need the pro licence.
  expect((await a.req('PATCH', `/users/${bo.user.id}`, { licence: 'pro' })).statusCode).toBe(200);
  const created = await a.req('POST', '/response-groups', {
    name: 'Support',
    number: a.numbers.landline[0],
    numericId: '7',
    supervisorIds: [bo.user.id],
  });
  expect(created.statusCode, created.body).toBe(201);
  groupId = created.json().id;
  const enabled = await a.req('PATCH', `/response-groups/${groupId}`, { settings: { voicemail: { enabled: true } } });
  expect(enabled.statusCode, enabled.body).toBe(200);
});
afterAll(async () => h.close());

describe('the voicemail boxes a person may open', () => {
  it('are their own box for a user, with its counts', async () => {
    await leaveMessage(a, { type: 'user', userId: anna.user.id });
    const res = await asOrg(a, anna.token, 'GET', '/voicemail-boxes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      {
        id: userBoxId(anna.user.id),
        owner: { type: 'user', userId: anna.user.id },
        name: anna.user.name,
        extension: expect.any(String),
        newMessages: 1,
        savedMessages: 0,
        hasPin: false,
      },
    ]);
  });

  it("include a response group's box for its supervisors", async () => {
    const ids = (await asOrg(a, bo.token, 'GET', '/voicemail-boxes')).json().map((box: { id: string }) => box.id);
    expect(ids).toEqual([userBoxId(bo.user.id), `responseGroup-${groupId}`]);
    expect((await asOrg(a, bo.token, 'GET', `/voicemail-boxes/responseGroup-${groupId}/messages`)).statusCode).toBe(
      200,
    );
    expect((await asOrg(a, anna.token, 'GET', `/voicemail-boxes/responseGroup-${groupId}/messages`)).statusCode).toBe(
      404,
    );
  });

  it('are every box for a user with phone_system', async () => {
    const ids = (await a.req('GET', '/voicemail-boxes')).json().map((box: { id: string }) => box.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        userBoxId(a.admin.id),
        userBoxId(anna.user.id),
        userBoxId(bo.user.id),
        `responseGroup-${groupId}`,
      ]),
    );
    expect(ids[0]).toBe(userBoxId(a.admin.id));
    expect((await a.req('GET', `/voicemail-boxes/${userBoxId(anna.user.id)}/messages`)).json()).toHaveLength(1);
  });

  it("never include a colleague's box for a user without phone_system (404, as if there were none)", async () => {
    const res = await asOrg(a, bo.token, 'GET', `/voicemail-boxes/${userBoxId(anna.user.id)}/messages`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it("answer another organisation's admin with 404, for the box and inside their own organisation", async () => {
    expect(
      (await h.as(b.adminToken, 'GET', `/api/v1/orgs/${a.org.id}/voicemail-boxes/${userBoxId(anna.user.id)}/messages`))
        .statusCode,
    ).toBe(404);
    const inOwn = await asOrg(b, b.adminToken, 'GET', `/voicemail-boxes/${userBoxId(anna.user.id)}/messages`);
    expect(inOwn.statusCode).toBe(404);
    expect(inOwn.body).not.toContain('Carl Caller');
  });

  it('refuse a box id that names no kind of box with 400', async () => {
    const res = await a.req('GET', '/voicemail-boxes/team-123/messages');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });
});

describe('a voicemail message', () => {
  it('is listed with the caller, time, length and read state', async () => {
    const { message } = await leaveMessage(
      a,
      { type: 'user', userId: bo.user.id },
      { fromName: 'Dora Dial', createdAt: '2026-01-05T10:00:00.000Z' },
    );
    const res = await asOrg(a, bo.token, 'GET', `/voicemail-boxes/${userBoxId(bo.user.id)}/messages`);
    expect(res.json()).toEqual([
      {
        id: message.id,
        boxId: userBoxId(bo.user.id),
        callId: null,
        fromNumber: '+46701234567',
        fromName: 'Dora Dial',
        receivedAt: '2026-01-05T10:00:00.000Z',
        durationMs: 500,
        read: false,
      },
    ]);
  });

  it('plays as WAV, whole or by range, so the browser can seek', async () => {
    const { message, audio } = await leaveMessage(a, { type: 'user', userId: anna.user.id });
    const path = `/voicemail-boxes/${userBoxId(anna.user.id)}/messages/${message.id}/audio`;
    const whole = await asOrg(a, anna.token, 'GET', path);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(audio)).toBe(true);
    const part = await asOrg(a, anna.token, 'GET', path, undefined, { range: 'bytes=44-143' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 44-143/${audio.length}`);
    expect(part.rawPayload.equals(audio.subarray(44, 144))).toBe(true);
    const beyond = await asOrg(a, anna.token, 'GET', path, undefined, { range: `bytes=${audio.length}-` });
    expect(beyond.statusCode).toBe(416);
  });

  it('is marked read and new again', async () => {
    const { message } = await leaveMessage(a, { type: 'user', userId: anna.user.id });
    const path = `/voicemail-boxes/${userBoxId(anna.user.id)}/messages/${message.id}`;
    const read = await asOrg(a, anna.token, 'PATCH', path, { read: true });
    expect(read.statusCode).toBe(200);
    expect(read.json().read).toBe(true);
    expect((await h.store.voicemail.get(a.org.id, message.id))?.heard).toBe(true);
    expect((await asOrg(a, anna.token, 'PATCH', path, { read: false })).json().read).toBe(false);
    const bad = await asOrg(a, anna.token, 'PATCH', path, { read: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['read']);
  });

  it('is deleted with its audio file', async () => {
    const { message } = await leaveMessage(a, { type: 'user', userId: anna.user.id });
    const path = `/voicemail-boxes/${userBoxId(anna.user.id)}/messages/${message.id}`;
    expect((await asOrg(a, anna.token, 'DELETE', path)).statusCode).toBe(204);
    expect(await h.files.get(fileKeys.voicemail(a.org.id, message.id))).toBeNull();
    expect(await h.store.voicemail.get(a.org.id, message.id)).toBeNull();
    const ids = (await asOrg(a, anna.token, 'GET', `/voicemail-boxes/${userBoxId(anna.user.id)}/messages`))
      .json()
      .map((m: { id: string }) => m.id);
    expect(ids).not.toContain(message.id);
    expect((await asOrg(a, anna.token, 'GET', `${path}/audio`)).statusCode).toBe(404);
  });

  it("is not reached through another box's id, even one the person may open", async () => {
    const { message } = await leaveMessage(a, { type: 'user', userId: anna.user.id });
    const res = await a.req('DELETE', `/voicemail-boxes/${userBoxId(bo.user.id)}/messages/${message.id}`);
    expect(res.statusCode).toBe(404);
    expect(await h.store.voicemail.get(a.org.id, message.id)).not.toBeNull();
    expect(await h.files.get(fileKeys.voicemail(a.org.id, message.id))).not.toBeNull();
  });
});

describe("a box's messages when its owner goes", () => {
  it('are deleted with the user, their audio files too', async () => {
    const user = (
      await a.req('POST', '/users', { name: 'Gone Soon', email: 'gone.soon@alpha.test', extension: '277' })
    ).json();
    const { message } = await leaveMessage(a, { type: 'user', userId: user.id });
    expect((await a.req('DELETE', `/users/${user.id}`)).statusCode).toBe(204);
    expect(await h.store.voicemail.get(a.org.id, message.id)).toBeNull();
    expect(await h.files.get(fileKeys.voicemail(a.org.id, message.id))).toBeNull();
  });

  it('are deleted with the response group, their audio files too', async () => {
    const group = (
      await a.req('POST', '/response-groups', { name: 'Short Lived', number: a.numbers.landline[4], numericId: '8' })
    ).json();
    const { message } = await leaveMessage(a, { type: 'responseGroup', responseGroupId: group.id });
    expect((await a.req('DELETE', `/response-groups/${group.id}`)).statusCode).toBe(204);
    expect(await h.store.voicemail.get(a.org.id, message.id)).toBeNull();
    expect(await h.files.get(fileKeys.voicemail(a.org.id, message.id))).toBeNull();
  });
});

describe("a box's PIN", () => {
  it('must be 4 to 8 digits', async () => {
    for (const pin of ['123', '123456789', '12a4', 1234]) {
      const res = await asOrg(a, anna.token, 'PUT', `/voicemail-boxes/${userBoxId(anna.user.id)}/pin`, { pin });
      expect(res.statusCode, String(pin)).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['pin']);
    }
    expect(await h.store.voicemail.getPinHash(a.org.id, { type: 'user', userId: anna.user.id })).toBeNull();
  });

  it('is set by the box owner, kept only as a hash, and shown as set', async () => {
    const res = await asOrg(a, anna.token, 'PUT', `/voicemail-boxes/${userBoxId(anna.user.id)}/pin`, { pin: '482913' });
    expect(res.statusCode).toBe(204);
    const hash = await h.store.voicemail.getPinHash(a.org.id, { type: 'user', userId: anna.user.id });
    expect(hash).not.toContain('482913');
    expect(await verifyVoicemailPin('482913', hash ?? '')).toBe(true);
    expect((await asOrg(a, anna.token, 'GET', `/voicemail-boxes/${userBoxId(anna.user.id)}`)).json().hasPin).toBe(true);
  });

  it("is set by a group's supervisor and by an admin, not by a colleague", async () => {
    expect(
      (await asOrg(a, bo.token, 'PUT', `/voicemail-boxes/responseGroup-${groupId}/pin`, { pin: '2468' })).statusCode,
    ).toBe(204);
    expect((await a.req('PUT', `/voicemail-boxes/${userBoxId(bo.user.id)}/pin`, { pin: '1357' })).statusCode).toBe(204);
    expect(
      (await asOrg(a, anna.token, 'PUT', `/voicemail-boxes/${userBoxId(bo.user.id)}/pin`, { pin: '9999' })).statusCode,
    ).toBe(404);
    expect(
      await verifyVoicemailPin(
        '1357',
        (await h.store.voicemail.getPinHash(a.org.id, { type: 'user', userId: bo.user.id })) ?? '',
      ),
    ).toBe(true);
  });

  it('is audited as changed, without the PIN', async () => {
    // A first PIN and a new one: both are changes, though the box only shows that it has one.
    await asOrg(a, anna.token, 'PUT', `/voicemail-boxes/${userBoxId(anna.user.id)}/pin`, { pin: '66442200' });
    await asOrg(a, anna.token, 'PUT', `/voicemail-boxes/${userBoxId(anna.user.id)}/pin`, { pin: '77553311' });
    const entries = (await h.store.auditLog.search(a.org.id, { objectType: 'voicemailBox', limit: 50 })).entries;
    const own = entries.filter((e) => e.objectId === userBoxId(anna.user.id));
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own[0]?.changes).toContainEqual({ field: 'pin', after: '[redacted]' });
    const raw = JSON.stringify([await h.rawRows('audit_log'), await h.rawRows('voicemail_boxes')]);
    expect(['66442200', '77553311', '482913'].filter((pin) => raw.includes(pin))).toEqual([]);
  });
});

describe("the organisation's voicemail access", () => {
  it('is none until set, and may be a free number of the organisation or an extension nobody has', async () => {
    expect((await a.req('GET', '/call-routing-defaults')).json().voicemailAccess).toBeNull();
    const number = await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: a.numbers.landline[3] });
    expect(number.statusCode, number.body).toBe(200);
    expect(number.json().voicemailAccess).toBe(a.numbers.landline[3]);
    const extension = await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: '190' });
    expect(extension.json().voicemailAccess).toBe('190');
    expect((await a.req('PATCH', '/call-routing-defaults', { ringSeconds: 30 })).json().voicemailAccess).toBe('190');
  });

  it("may not be a user's extension, a number assigned to something, another organisation's number or an emergency number", async () => {
    const before = (await a.req('GET', '/call-routing-defaults')).json().voicemailAccess;
    for (const access of [
      anna.user.id ? (await a.req('GET', `/users/${anna.user.id}`)).json().extension : '',
      a.numbers.landline[0],
      b.numbers.landline[0],
      '112',
    ]) {
      const res = await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: access });
      expect(res.statusCode, `${access}: ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['voicemailAccess']);
    }
    expect((await a.req('GET', '/call-routing-defaults')).json().voicemailAccess).toBe(before);
    expect((await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: 'voicemail' })).statusCode).toBe(400);
  });

  it('keeps users off its extension', async () => {
    await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: '191' });
    const res = await a.req('POST', '/users', { name: 'Eva Ext', email: 'eva.ext@alpha.test', extension: '191' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/voicemail access/);
  });

  it('is turned off with null', async () => {
    expect(
      (await a.req('PATCH', '/call-routing-defaults', { voicemailAccess: null })).json().voicemailAccess,
    ).toBeNull();
  });
});

describe("a user's own greeting (R31)", () => {
  it('is set through their routing settings and follows the default again when dropped', async () => {
    const greeting = { type: 'tts', text: 'Du har kommit till Annas röstbrevlåda.', language: 'sv-SE' };
    const set = await a.req('PUT', `/users/${anna.user.id}/routing`, { overrides: { voicemailGreeting: greeting } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().effective.voicemailGreeting).toEqual(greeting);
    const dropped = await a.req('PUT', `/users/${anna.user.id}/routing`, { followDefault: ['voicemailGreeting'] });
    expect(dropped.json().effective.voicemailGreeting).toBeNull();
  });
});
