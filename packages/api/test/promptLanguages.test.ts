import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * A prompt in a language the server has no voice for would fail on the first real call; it is
 * refused when saved with the code (and status) creating such a text-to-speech file gets (issue 7).
 * The server's voices come from the text-to-speech adapter: espeak-ng's Swedish and English.
 */
let h: Harness;
let o: TestOrganisation;
let groupId: string;
let menuId: string;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation({ package: 'unlimited' });
  groupId = (
    await o.req('POST', '/response-groups', { name: 'Support', number: o.numbers.landline[0], numericId: '1' })
  ).json().id;
  menuId = (
    await o.req('POST', '/ivr-menus', {
      name: 'Main',
      number: null,
      prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
    })
  ).json().id;
});
afterAll(async () => h.close());

type Res = { statusCode: number; json(): { code: string; errors?: Array<{ path: string; message: string }> } };
const finnish = { type: 'tts', text: 'Tervetuloa', language: 'fi-FI' };

function expectUnsupported(res: Res, paths: string[]) {
  expect(res.statusCode).toBe(422);
  expect(res.json().code).toBe('unsupported_language');
  expect((res.json().errors ?? []).map((e) => e.path)).toEqual(paths);
  expect(res.json().errors![0]!.message).toMatch(/no text-to-speech voice for fi-FI/);
}

describe('creating a text-to-speech audio file', () => {
  it('in a language without a voice is refused with 422 unsupported_language at the language', async () => {
    expectUnsupported(
      await o.req('POST', '/audio-files/tts', { name: 'Tervetuloa', language: 'fi-FI', text: 'Tervetuloa' }),
      ['language'],
    );
    expectUnsupported(await o.req('POST', '/tts/preview', { language: 'fi-FI', text: 'Tervetuloa' }), ['language']);
  });
});

describe('a response group', () => {
  it('refuses a welcome message, a closed message and a voicemail greeting the server cannot speak', async () => {
    expectUnsupported(
      await o.req('PATCH', `/response-groups/${groupId}`, { settings: { schedule: { welcomePrompt: finnish } } }),
      ['settings.schedule.welcomePrompt.language'],
    );
    expectUnsupported(
      await o.req('PATCH', `/response-groups/${groupId}`, { settings: { schedule: { closedPrompt: finnish } } }),
      ['settings.schedule.closedPrompt.language'],
    );
    expectUnsupported(
      await o.req('PATCH', `/response-groups/${groupId}`, { settings: { voicemail: { greeting: finnish } } }),
      ['settings.voicemail.greeting.language'],
    );
    const saved = (await o.req('GET', `/response-groups/${groupId}`)).json();
    expect(saved.settings.schedule.welcomePrompt).toBeNull();
  });

  it('refuses a play-a-message destination in such a language, at any depth', async () => {
    const res = await o.req('PATCH', `/response-groups/${groupId}`, {
      settings: { queue: { limitReachedDestination: { type: 'playMessage', prompt: finnish } } },
    });
    expectUnsupported(res, ['settings.queue.limitReachedDestination.prompt.language']);
  });

  it('refuses the same in the defaults for new groups', async () => {
    expectUnsupported(await o.req('PATCH', '/response-group-defaults', { voicemail: { greeting: finnish } }), [
      'voicemail.greeting.language',
    ]);
  });

  it('saves prompts in Swedish and English variants', async () => {
    const res = await o.req('PATCH', `/response-groups/${groupId}`, {
      settings: {
        schedule: {
          welcomePrompt: { type: 'tts', text: 'Welcome', language: 'en-US' },
          closedPrompt: { type: 'tts', text: 'Stängt', language: 'sv' },
        },
      },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('an IVR menu', () => {
  it('refuses a prompt and a menu language without a voice', async () => {
    expectUnsupported(
      await o.req('PATCH', `/ivr-menus/${menuId}`, {
        prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }, finnish],
      }),
      ['prompts[1].language'],
    );
    expectUnsupported(await o.req('PATCH', `/ivr-menus/${menuId}`, { advanced: { ttsLanguage: 'fi-FI' } }), [
      'advanced.ttsLanguage',
    ]);
    expectUnsupported(await o.req('POST', '/ivr-menus', { name: 'Finnish', number: null, prompts: [finnish] }), [
      'prompts[0].language',
    ]);
  });

  it('refuses a key that plays a message in such a language', async () => {
    expectUnsupported(
      await o.req('PATCH', `/ivr-menus/${menuId}`, { keys: { '5': { type: 'playMessage', prompt: finnish } } }),
      ['keys.5.prompt.language'],
    );
  });
});

describe('call routing', () => {
  it('refuses a default voicemail greeting and an unassigned-number message the server cannot speak', async () => {
    expectUnsupported(await o.req('PATCH', '/call-routing-defaults', { voicemailGreeting: finnish }), [
      'voicemailGreeting.language',
    ]);
    expectUnsupported(
      await o.req('PATCH', '/call-routing-defaults', { unassignedNumbers: { action: 'playMessage', prompt: finnish } }),
      ['unassignedNumbers.prompt.language'],
    );
  });

  it('refuses a user’s own greeting in such a language', async () => {
    expectUnsupported(
      await o.req('PUT', `/users/${o.admin.id}/routing`, { overrides: { voicemailGreeting: finnish } }),
      ['overrides.voicemailGreeting.language'],
    );
  });
});

describe('a recording announcement', () => {
  it('in a language without a voice is refused', async () => {
    expectUnsupported(
      await o.req('POST', '/recording-policies', {
        scope: { type: 'organisation' },
        mode: 'always',
        announcement: finnish,
      }),
      ['announcement.language'],
    );
  });
});
