import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';
import { multipart, toneFile } from './support/multipart.ts';

let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
});
afterAll(async () => h.close());

const upload = (path: string, body: ReturnType<typeof multipart>, method: 'POST' | 'PUT' = 'POST') =>
  h.app.inject({
    method,
    url: `/api/v1/orgs/${o.org.id}${path}`,
    headers: { authorization: `Bearer ${o.adminToken}`, ...body.headers },
    payload: body.payload,
  });

/** The sample rate and channel count from a canonical WAV header. */
const wavFormat = (wav: Buffer) => ({
  riff: wav.subarray(0, 4).toString(),
  channels: wav.readUInt16LE(22),
  sampleRate: wav.readUInt32LE(24),
});

describe('uploading audio (R41, R44)', () => {
  let fileId: string;

  it('converts an uploaded 44.1 kHz WAV to 8 kHz mono and keeps the original for preview', async () => {
    const original = await toneFile(2, 'wav');
    const res = await upload(
      '/audio-files',
      multipart({ name: 'Hold music', language: 'sv-SE' }, { name: 'tone.wav', type: 'audio/wav', data: original }),
    );
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      name: 'Hold music',
      language: 'sv-SE',
      source: 'upload',
      originalMimeType: 'audio/wav',
      originalFileName: 'tone.wav',
    });
    expect(file.durationMs).toBeGreaterThan(1900);
    expect(file.durationMs).toBeLessThan(2100);
    fileId = file.id;

    const content = await o.req('GET', `/audio-files/${fileId}/content`);
    expect(content.headers['content-type']).toBe('audio/wav');
    expect(wavFormat(content.rawPayload)).toEqual({ riff: 'RIFF', channels: 1, sampleRate: 8000 });
    const preview = await o.req('GET', `/audio-files/${fileId}/original`);
    expect(preview.rawPayload.equals(original)).toBe(true);
  });

  it('serves byte ranges of the content for seeking (206), and 416 beyond the end', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${o.org.id}/audio-files/${fileId}/content`,
      headers: { authorization: `Bearer ${o.adminToken}`, range: 'bytes=0-99' },
    });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload).toHaveLength(100);
    expect(res.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    const beyond = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${o.org.id}/audio-files/${fileId}/content`,
      headers: { authorization: `Bearer ${o.adminToken}`, range: 'bytes=99999999-' },
    });
    expect(beyond.statusCode).toBe(416);
  });

  it('draws a waveform of the requested number of peaks', async () => {
    const res = await o.req('GET', `/audio-files/${fileId}/waveform?points=50`);
    expect(res.json().peaks).toHaveLength(50);
    expect(Math.max(...res.json().peaks)).toBeGreaterThan(0.1);
    expect((await o.req('GET', `/audio-files/${fileId}/waveform?points=5`)).statusCode).toBe(400);
  });

  it('accepts MP3 and OGG/Opus and a browser recording', async () => {
    const mp3 = await upload(
      '/audio-files',
      multipart({ name: 'MP3', language: 'en' }, { name: 'a.mp3', type: 'audio/mpeg', data: await toneFile(1, 'mp3') }),
    );
    expect(mp3.statusCode).toBe(201);
    const ogg = await upload(
      '/audio-files',
      multipart(
        { name: 'Recorded', language: 'en-GB', source: 'recording' },
        { name: 'rec.ogg', type: 'audio/ogg', data: await toneFile(1, 'ogg', 48000) },
      ),
    );
    expect(ogg.statusCode).toBe(201);
    expect(ogg.json().source).toBe('recording');
  });

  it('replaces the content of an existing file, keeping its id', async () => {
    const res = await upload(
      `/audio-files/${fileId}/content`,
      multipart({}, { name: 'longer.wav', type: 'audio/wav', data: await toneFile(3, 'wav') }),
      'PUT',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: fileId, originalFileName: 'longer.wav' });
    expect(res.json().durationMs).toBeGreaterThan(2900);
  });

  it('renames a file and changes its language tag', async () => {
    const res = await o.req('PATCH', `/audio-files/${fileId}`, { name: 'Hold music 2', language: 'en-GB' });
    expect(res.json()).toMatchObject({ name: 'Hold music 2', language: 'en-GB' });
    expect((await o.req('PATCH', `/audio-files/${fileId}`, { text: 'not a tts file' })).statusCode).toBe(400);
    expect((await o.req('PATCH', `/audio-files/${fileId}`, { language: 'not a tag!' })).statusCode).toBe(400);
  });
});

describe('bad uploads change nothing (R45)', () => {
  const count = async () => (await o.req('GET', '/audio-files')).json().length;

  it('refuses bytes that are not audio with 422 unsupported_audio', async () => {
    const before = await count();
    const res = await upload(
      '/audio-files',
      multipart({ name: 'Junk', language: 'sv' }, { name: 'junk.wav', type: 'audio/wav', data: randomBytes(50_000) }),
    );
    expect(res.statusCode).toBe(422);
    expect(['unsupported_audio', 'corrupt_audio']).toContain(res.json().code);
    expect(await count()).toBe(before);
  });

  it('refuses a truncated MP3 as corrupt or unsupported with 422', async () => {
    const mp3 = await toneFile(2, 'mp3');
    const res = await upload(
      '/audio-files',
      multipart({ name: 'Cut', language: 'sv' }, { name: 'cut.mp3', type: 'audio/mpeg', data: mp3.subarray(0, 300) }),
    );
    expect(res.statusCode).toBe(422);
  });

  it.each([
    ['the first 4 kB of an MP3', 'cut.mp3', 'audio/mpeg', async () => (await toneFile(10, 'mp3')).subarray(0, 4096)],
    [
      'a WAV whose data chunk is cut',
      'cut.wav',
      'audio/wav',
      async () => (await toneFile(3, 'wav')).subarray(0, 60_000),
    ],
    [
      'an Ogg/Opus file cut mid-page',
      'cut.ogg',
      'audio/ogg',
      async () => {
        const ogg = await toneFile(4, 'ogg', 48000);
        return ogg.subarray(0, Math.floor(ogg.length / 2) + 11);
      },
    ],
  ])(
    'refuses %s with 422 corrupt_audio instead of storing what little decodes',
    async (_label, fileName, type, make) => {
      const before = await count();
      const res = await upload(
        '/audio-files',
        multipart({ name: 'Cut', language: 'sv' }, { name: fileName, type, data: await make() }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'corrupt_audio', detail: expect.stringMatching(/cut short/) });
      expect(await count()).toBe(before);
    },
  );

  it('keeps the old content when new content is a cut file', async () => {
    const file = (
      await upload(
        '/audio-files',
        multipart(
          { name: 'Kept', language: 'sv' },
          { name: 'a.wav', type: 'audio/wav', data: await toneFile(2, 'wav') },
        ),
      )
    ).json();
    const cut = (await toneFile(10, 'mp3')).subarray(0, 4096);
    const res = await upload(
      `/audio-files/${file.id}/content`,
      multipart({}, { name: 'cut.mp3', type: 'audio/mpeg', data: cut }),
      'PUT',
    );
    expect(res.json().code).toBe('corrupt_audio');
    expect((await o.req('GET', `/audio-files/${file.id}`)).json()).toMatchObject({
      durationMs: file.durationMs,
      originalFileName: 'a.wav',
    });
  });

  it('refuses a file over 20 MB with 413 payload_too_large', async () => {
    const before = await count();
    const res = await upload(
      '/audio-files',
      multipart(
        { name: 'Huge', language: 'sv' },
        { name: 'huge.wav', type: 'audio/wav', data: randomBytes(21 * 1024 * 1024) },
      ),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expect(await count()).toBe(before);
  });

  it('refuses audio longer than 10 minutes with 422 audio_too_long', async () => {
    const res = await upload(
      '/audio-files',
      multipart(
        { name: 'Long', language: 'sv' },
        { name: 'long.wav', type: 'audio/wav', data: await toneFile(601, 'wav', 8000) },
      ),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('audio_too_long');
  });

  it('refuses missing fields, unknown fields, a missing file and a JSON body with 400 and paths', async () => {
    const fields = await upload(
      '/audio-files',
      multipart(
        { language: 'sv', colour: 'red' },
        { name: 'a.wav', type: 'audio/wav', data: await toneFile(1, 'wav') },
      ),
    );
    expect(fields.statusCode).toBe(400);
    expect(
      fields
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['colour', 'name']);
    const noFile = await upload('/audio-files', multipart({ name: 'x', language: 'sv' }));
    expect(noFile.json().errors).toEqual([{ path: 'file', message: 'the audio file is missing' }]);
    expect((await o.req('POST', '/audio-files', { name: 'x' })).statusCode).toBe(400);
  });
});

describe('text-to-speech (R41, R80)', () => {
  it('creates a file by speaking a text, re-speaks it when the text changes, and previews without storing', async () => {
    const res = await o.req('POST', '/audio-files/tts', {
      name: 'Welcome',
      language: 'sv-SE',
      text: 'Välkommen till Växel',
    });
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ source: 'tts', ttsText: 'Välkommen till Växel' });
    expect(file.durationMs).toBeGreaterThan(500);
    const longer = await o.req('PATCH', `/audio-files/${file.id}`, {
      text: 'Välkommen till Växel. Alla våra handläggare är upptagna just nu.',
    });
    expect(longer.json().durationMs).toBeGreaterThan(file.durationMs);

    const before = (await o.req('GET', '/audio-files')).json().length;
    const preview = await o.req('POST', '/tts/preview', { text: 'Press one for sales', language: 'en-GB' });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('audio/wav');
    expect(wavFormat(preview.rawPayload).sampleRate).toBe(8000);
    expect((await o.req('GET', '/audio-files')).json().length).toBe(before);
  });

  it('refuses empty text and a malformed language tag', async () => {
    const res = await o.req('POST', '/audio-files/tts', { name: 'x', language: 'swedish!', text: '   ' });
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['language', 'text']);
  });
});

describe('deleting audio (R43)', () => {
  it('refuses while a group plays it as music on hold and a menu as prompt, listing both; deletes after', async () => {
    const file = (await o.req('POST', '/audio-files/tts', { name: 'Music', language: 'en', text: 'la la la' })).json();
    const group = (
      await o.req('POST', '/response-groups', { name: 'Queue', number: o.numbers.landline[0], numericId: '5' })
    ).json();
    await o.req('PATCH', `/response-groups/${group.id}`, { settings: { queue: { musicOnHoldAudioFileId: file.id } } });
    const menu = (
      await o.req('POST', '/ivr-menus', {
        name: 'Menu',
        number: null,
        prompts: [{ type: 'audioFile', audioFileId: file.id }],
      })
    ).json();
    const refused = await o.req('DELETE', `/audio-files/${file.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().usages).toEqual(
      expect.arrayContaining([
        { type: 'responseGroup', id: group.id, name: 'Queue', field: 'queue.musicOnHoldAudioFileId' },
        { type: 'ivrMenu', id: menu.id, name: 'Menu', field: 'prompts[0]' },
      ]),
    );
    await o.req('PATCH', `/response-groups/${group.id}`, { settings: { queue: { musicOnHoldAudioFileId: null } } });
    await o.req('DELETE', `/ivr-menus/${menu.id}`);
    expect((await o.req('DELETE', `/audio-files/${file.id}`)).statusCode).toBe(204);
    expect((await o.req('GET', `/audio-files/${file.id}/content`)).statusCode).toBe(404);
  });
});

describe('malformed multipart requests', () => {
  it('answer broken framing, two files and a wrong field name with 4xx, never 500', async () => {
    const wav = await toneFile(1, 'wav');
    const broken = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/audio-files`,
      headers: { authorization: `Bearer ${o.adminToken}`, 'content-type': 'multipart/form-data; boundary=abc' },
      payload: '--abc\r\nContent-Disposition: form-data; name="name"\r\n\r\nx',
    });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    const noBoundary = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/audio-files`,
      headers: { authorization: `Bearer ${o.adminToken}`, 'content-type': 'multipart/form-data' },
      payload: 'hello',
    });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
    const one = multipart({ name: 'x', language: 'sv' }, { name: 'a.wav', type: 'audio/wav', data: wav });
    const two = multipart(
      { name: 'x', language: 'sv' },
      { field: 'other', name: 'b.wav', type: 'audio/wav', data: wav },
    );
    const twoFiles = await upload('/audio-files', {
      headers: one.headers,
      payload: Buffer.concat([
        one.payload.subarray(
          0,
          one.payload.lastIndexOf('--' + one.headers['content-type'].split('boundary=')[1] + '--'),
        ),
        Buffer.from(
          two.payload
            .toString('latin1')
            .replace(/----vaxel[0-9a-f]+/g, one.headers['content-type'].split('boundary=')[1]!),
          'latin1',
        ),
      ]),
    });
    expect(twoFiles.statusCode).toBeGreaterThanOrEqual(400);
    expect(twoFiles.statusCode).toBeLessThan(500);
    const wrongField = await upload(
      '/audio-files',
      multipart({ name: 'x', language: 'sv' }, { field: 'audio', name: 'a.wav', type: 'audio/wav', data: wav }),
    );
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().errors[0].path).toBe('audio');
  });
});
