import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';
import { multipart, toneFile } from './support/multipart.ts';

/**
 * Text that cannot be stored as sent (issue 7): invalid UTF-8, lone surrogates, control and
 * bidi-override characters in names. Each is refused with the field's path and nothing is stored;
 * none ever ends up as U+FFFD.
 */
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation({ package: 'unlimited' });
});
afterAll(async () => h.close());

type Res = { statusCode: number; json(): { code?: string; errors?: Array<{ path: string; message: string }> } };
const paths = (res: Res) => (res.json().errors ?? []).map((e) => e.path);

/** A JSON body whose bytes are given as they go on the wire. */
const raw = (method: string, path: string, bytes: Buffer, contentType = 'application/json') =>
  h.app.inject({
    method: method as 'POST',
    url: `/api/v1/orgs/${o.org.id}${path}`,
    headers: { authorization: `Bearer ${o.adminToken}`, 'content-type': contentType },
    payload: bytes,
  });

const teamNames = async () => ((await o.req('GET', '/teams')).json() as Array<{ name: string }>).map((t) => t.name);

describe('a JSON body that is not UTF-8', () => {
  it('is refused with 400 naming the field the bad bytes are in, and nothing is stored', async () => {
    const before = await teamNames();
    // "Sälj" written in Latin-1: the ä is the single byte 0xE4, which is not UTF-8.
    const body = Buffer.concat([Buffer.from('{"name":"S'), Buffer.from([0xe4]), Buffer.from('lj"}')]);
    const res = await raw('POST', '/teams', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toEqual([
      { path: 'name', message: expect.stringMatching(/not valid UTF-8 \(the first bad byte is at offset 10/) },
    ]);
    expect(await teamNames()).toEqual(before);
  });

  it('is refused as a whole when the bad bytes are outside any string', async () => {
    const res = await raw(
      'POST',
      '/teams',
      Buffer.concat([Buffer.from('{"name":"Sales"'), Buffer.from([0xff]), Buffer.from('}')]),
    );
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['']);
  });

  it('is refused when it says it is in another character set', async () => {
    const res = await raw('POST', '/teams', Buffer.from('{"name":"Sales"}'), 'application/json; charset=iso-8859-1');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('is read as before when it is UTF-8, with or without a charset and a byte order mark', async () => {
    const plain = await raw('POST', '/teams', Buffer.from('{"name":"Sälj 🎧"}'), 'application/json; charset=UTF-8');
    expect(plain.statusCode).toBe(201);
    const withBom = await raw(
      'POST',
      '/teams',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Kundtjänst"}')]),
    );
    expect(withBom.statusCode).toBe(201);
    expect(await teamNames()).toEqual(expect.arrayContaining(['Sälj 🎧', 'Kundtjänst']));
  });
});

describe('a lone UTF-16 surrogate', () => {
  it('is refused in a name with its path, instead of being stored as U+FFFD', async () => {
    const res = await raw('POST', '/teams', Buffer.from('{"name":"Support \\ud83c"}'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'name', message: expect.stringMatching(/unpaired UTF-16 surrogate \(U\+D83C\)/) },
    ]);
    expect((await teamNames()).some((n) => n.includes('\ufffd'))).toBe(false);
  });

  it('is refused in every string, a password included (it would be hashed as U+FFFD)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from('{"email":"sam@example.test","password":"long enough \\udc00 pass"}'),
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['password']);
  });
});

describe('names', () => {
  const refusals = [
    ['a control character', 'Sales\u0007'],
    ['a line break', 'Sales\nTeam'],
    ['a C1 control character', 'Sales\u009b'],
    ['a right-to-left override', 'Sales\u202Etxt.exe'],
    ['a directional isolate', '\u2066Sales'],
    ['the replacement character', 'S\ufffdlj'],
  ] as const;

  it.each(refusals)('of teams refuse %s with the path and a clear message', async (_label, name) => {
    const res = await o.req('POST', '/teams', { name });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'name', message: expect.stringMatching(/U\+[0-9A-F]{4}/) }]);
  });

  it('of users, response groups, IVR menus, audio files, organisations and trunks follow the same rule', async () => {
    const bidi = 'Sales\u202E';
    const attempts: Array<[string, Promise<Res>]> = [
      ['user', o.req('POST', '/users', { name: bidi, email: 'x@example.test', extension: '402' })],
      ['user update', o.req('PATCH', `/users/${o.admin.id}`, { name: bidi })],
      [
        'response group',
        o.req('POST', '/response-groups', { name: bidi, number: o.numbers.landline[0], numericId: '1' }),
      ],
      [
        'IVR menu',
        o.req('POST', '/ivr-menus', {
          name: bidi,
          number: null,
          prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
        }),
      ],
      ['audio file', o.req('POST', '/audio-files/tts', { name: bidi, language: 'sv-SE', text: 'Hej' })],
      ['organisation', h.operator('POST', '/api/v1/operator/organisations', { name: bidi })],
      ['trunk', h.operator('POST', '/api/v1/operator/trunks', { name: bidi, host: 'sip.example.test' })],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt;
      expect([what, res.statusCode, paths(res)]).toEqual([what, 400, ['name']]);
    }
  });

  it('keep letters of every language, emoji and the marks right-to-left names need', async () => {
    for (const name of ['Kundtjänst Åre', 'Поддержка', 'خدمة العملاء\u200F', 'Support 🎧']) {
      const res = await o.req('POST', '/teams', { name });
      expect(res.statusCode).toBe(201);
      expect(res.json().name).toBe(name);
    }
  });

  it('are stored in Unicode NFC', async () => {
    const res = await o.req('POST', '/teams', { name: 'Va\u0308xel' });
    expect(res.json().name).toBe('Växel');
  });
});

describe('prompt texts (free text)', () => {
  it('keep their line breaks but refuse other control characters, with the path', async () => {
    const ok = await o.req('POST', '/ivr-menus', {
      name: 'Lines',
      number: null,
      prompts: [{ type: 'tts', text: 'Välkommen.\nTryck 1.', language: 'sv-SE' }],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().prompts[0].text).toBe('Välkommen.\nTryck 1.');
    const bad = await o.req('POST', '/ivr-menus', {
      name: 'Escape',
      number: null,
      prompts: [{ type: 'tts', text: 'Tryck \u001b[5m1', language: 'sv-SE' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['prompts[0].text']);
  });
});

describe('multipart form fields of an upload', () => {
  const upload = (body: ReturnType<typeof multipart>) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/audio-files`,
      headers: { authorization: `Bearer ${o.adminToken}`, ...body.headers },
      payload: body.payload,
    });
  const names = async () => ((await o.req('GET', '/audio-files')).json() as Array<{ name: string }>).map((f) => f.name);

  it('refuse a name that is not UTF-8, naming the field, and store nothing', async () => {
    const wav = await toneFile(1, 'wav');
    const body = multipart(
      { name: 'NAME-PLACEHOLDER', language: 'sv-SE' },
      { name: 'tone.wav', type: 'audio/wav', data: wav },
    );
    // Replace the placeholder by "Hälsning" in Latin-1 (0xE4 is not UTF-8).
    const at = body.payload.indexOf('NAME-PLACEHOLDER');
    const payload = Buffer.concat([
      body.payload.subarray(0, at),
      Buffer.from([0x48, 0xe4, 0x6c, 0x73, 0x6e, 0x69, 0x6e, 0x67]),
      body.payload.subarray(at + 'NAME-PLACEHOLDER'.length),
    ]);
    const before = await names();
    const res = await upload({ headers: body.headers, payload });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['name']);
    expect(await names()).toEqual(before);
  });

  it('refuse a control character in a name and a bidi override in the file name', async () => {
    const wav = await toneFile(1, 'wav');
    const control = await upload(
      multipart({ name: 'Hold\u0007music', language: 'sv-SE' }, { name: 'tone.wav', type: 'audio/wav', data: wav }),
    );
    expect(paths(control)).toEqual(['name']);
    const spoofed = await upload(
      multipart({ name: 'Hold music', language: 'sv-SE' }, { name: 'tone\u202Evaw.exe', type: 'audio/wav', data: wav }),
    );
    expect(spoofed.statusCode).toBe(400);
    expect(paths(spoofed)).toEqual(['file']);
  });
});
