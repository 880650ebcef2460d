import { factoryResponseGroupSettings, type Prompt, type ResponseGroup } from '@vaxel/domain';
import { openStore, type Store } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { CallbackRequest } from '../queue/callback/callbacks.ts';
import { callbackKey, callbackOfferText } from './callbackKey.ts';
import { flowCall, type TestCall } from './testCall.ts';

let store: Store;
let call: TestCall;
let group: ResponseGroup;
let requests: CallbackRequest[];
let said: string[];
const music = { pause: vi.fn(async () => {}), resume: vi.fn() };

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  const organisationId = (
    await store.organisations.create({
      name: 'Acme AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
  const settings = factoryResponseGroupSettings();
  settings.queue.callback = { enabled: true, key: '5', offerAfterSeconds: 30, retries: 1, retryIntervalSeconds: 60 };
  await store.numbers.allocate(organisationId, [{ number: '+46812345600', type: 'landline' }]);
  group = await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: '+46812345600',
    billingNumber: '+46812345600',
    numericId: '1',
    agents: [],
    supervisorIds: [],
    settings,
  });
  requests = [];
  said = [];
  const base = flowCall({
    prompts: {
      samples: async (_org: string, prompt: Prompt) => {
        said.push(prompt.type === 'tts' ? prompt.text : prompt.audioFileId);
        return Int16Array.of(said.length);
      },
    },
    callbacks: { request: async (request) => void requests.push(request) },
  });
  base.media.autoFinish = true;
  call = {
    ...base,
    organisationId,
    caller: { type: 'trunk', trunkId: 't1', number: '+46701234567', name: null },
    services: { ...base.services, directory: new SwitchDirectory(store, { clock: base.services.clock, ttlMs: 0 }) },
  };
});
afterEach(async () => store.close());

const queuedAt = () => call.services.clock.now() - 45_000;

describe('the callback key of a queue', () => {
  it('queues a confirmed callback at the caller’s place, ends the path with it and hangs up as a callback', async () => {
    const answered = new AbortController();
    const pressing = callbackKey({
      call,
      group,
      ticket: { queuedAt: queuedAt(), position: () => 1, leave() {} },
      music,
      answered: answered.signal,
    });
    await vi.waitFor(() => expect(said).toHaveLength(1));
    call.media.press('1');
    const result = await pressing;
    expect(result).toEqual({ kind: 'leave', result: { kind: 'end', cause: { by: 'flow', outcome: 'callback' } } });
    expect(requests).toEqual([
      expect.objectContaining({ number: '+46701234567', requestedByCallId: 'call-1', queuedAt: queuedAt(), group }),
    ]);
    expect(call.notes.at(-1)).toBe('path callback +46701234567');
    expect(music.pause).toHaveBeenCalled();
  });

  it('does nothing before the caller has waited `offerAfterSeconds`, nor says the offer', async () => {
    const early = call.services.clock.now() - 29_000;
    const result = await callbackKey({
      call,
      group,
      ticket: { queuedAt: early, position: () => 1, leave() {} },
      music,
      answered: new AbortController().signal,
    });
    expect(result).toEqual({ kind: 'stay' });
    expect(said).toEqual([]);
    expect(callbackOfferText(call, group, early, call.services.clock.now())).toBeNull();
    expect(callbackOfferText(call, group, queuedAt(), call.services.clock.now())).toBe(
      'Tryck 5 om du vill bli uppringd, du behåller din plats i kön.',
    );
  });

  it('lets an agent who takes the call meanwhile end the request: the caller stays for the bridge', async () => {
    const answered = new AbortController();
    const pressing = callbackKey({
      call,
      group,
      ticket: { queuedAt: queuedAt(), position: () => 1, leave() {} },
      music,
      answered: answered.signal,
    });
    await vi.waitFor(() => expect(said).toHaveLength(1));
    answered.abort();
    expect(await pressing).toEqual({ kind: 'stay' });
    expect(requests).toEqual([]);
  });
});
