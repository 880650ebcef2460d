import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultIvrAdvancedSettings,
  localTime,
  type Destination,
  type IvrMenu,
  type Prompt,
  type PromptAudio,
  type UnassignedNumberRule,
} from '@vaxel/domain';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '@vaxel/media';
import { createDiskFileStore, type Store } from '@vaxel/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPromptAudio } from '../src/index.ts';
import { inbandDtmfPcap, telephoneEventPcap, type KeyPress } from './dtmfPcap.ts';
import { bursts, matchPrompt, RtpCapture, speak } from './rtpCapture.ts';
import { freePort, startSipp, type SippRun } from './sipp.ts';
import { expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * IVR menus and "play a message" on real calls (R20–R24, R35, R73, R75): a sipp caller rings
 * from the trunk's address, the test's own socket stands where the caller's SDP says its audio
 * goes and compares what arrives with the prompt spoken by the same TTS (espeak-ng), and keys
 * go in as RFC 4733 events, SIP INFO and in-band tones; registered sipp phones answer where a key
 * leads.
 */
let world: World;
const MAIN_NUMBER = '+46812300050';
const CALLER = '+46701112233';
// One phrase each, without commas or full stops: the caller's speech is cut where it pauses.
const WELCOME = 'Welcome to Acme press one for sales';
const SUPPORT = 'Support press one';
const CLOSED = 'We are closed today';
const GOODBYE = 'Goodbye';
const NOT_IN_USE = 'This number is not in use';
const en = (text: string): Prompt => ({ type: 'tts', text, language: 'en-GB' });

/** The switch's prompt audio as `vaxel start` makes it: the audio library and cached espeak-ng. */
const libraryPrompts = (store: Store): PromptAudio => {
  const files = createDiskFileStore(mkdtempSync(join(tmpdir(), 'ivr-files-')));
  const tts = new CachedTextToSpeech({ engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }) });
  return new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
};

beforeAll(async () => {
  world = await startWorld({ prompts: libraryPrompts });
  await world.seed.store.numbers.allocate(world.seed.organisationId, [{ number: MAIN_NUMBER, type: 'landline' }]);
});
afterAll(async () => stopWorld(world));
afterEach(async () => {
  await expectNothingLeft(world);
  const { store, organisationId } = world.seed;
  for (const menu of await store.ivrMenus.list(organisationId)) await store.ivrMenus.delete(organisationId, menu.id);
});

const userDestination = (user: 'bob' | 'carol'): Destination => ({ type: 'user', userId: world.seed[user].record.id });

/** Creates the menu callers reach on MAIN_NUMBER (and any sub-menus first, without numbers). */
async function mainMenu(
  change: Partial<Omit<IvrMenu, 'advanced'>> = {},
  advanced: Partial<IvrMenu['advanced']> = {},
): Promise<IvrMenu> {
  return world.seed.store.ivrMenus.create(world.seed.organisationId, {
    name: 'Main',
    number: MAIN_NUMBER,
    billingNumber: null,
    prompts: [en(WELCOME)],
    keys: { '1': userDestination('bob') },
    openingHours: null,
    closedPrompt: null,
    closedDestination: { type: 'hangup' },
    advanced: {
      ...defaultIvrAdvancedSettings('en'),
      inputTimeoutSeconds: 2,
      maxRetries: 0,
      noInputDestination: { type: 'hangup' },
      invalidKeyDestination: { type: 'hangup' },
      ...advanced,
    },
    ...change,
  });
}

async function subMenu(keys: IvrMenu['keys']): Promise<IvrMenu> {
  return world.seed.store.ivrMenus.create(world.seed.organisationId, {
    name: 'Support',
    number: null,
    billingNumber: null,
    prompts: [en(SUPPORT)],
    keys,
    openingHours: null,
    closedPrompt: null,
    closedDestination: { type: 'hangup' },
    advanced: { ...defaultIvrAdvancedSettings('en'), inputTimeoutSeconds: 2, maxRetries: 0 },
  });
}

type Keys =
  | { by: 'rfc4733'; presses: KeyPress[] }
  | { by: 'inband'; presses: KeyPress[] }
  | { by: 'info'; digit: string }
  | { by: 'none' };

/**
 * A call from the carrier to `number` that presses `keys` `waitMs` after the answer and waits for
 * the switch to hang up; returns sipp's run and what the caller heard.
 */
async function callFromTrunk(number: string, keys: Keys, waitMs = 600): Promise<{ run: SippRun; heard: RtpCapture }> {
  const rtpport = freePort();
  const heard = await RtpCapture.open(rtpport, '127.0.0.2');
  const scenario =
    keys.by === 'info'
      ? 'trunk-ivr-caller-info.xml'
      : keys.by === 'none'
        ? 'trunk-ivr-caller-silent.xml'
        : 'trunk-ivr-caller-keys.xml';
  const files =
    keys.by === 'rfc4733'
      ? { 'keys.pcap': telephoneEventPcap(keys.presses) }
      : keys.by === 'inband'
        ? { 'keys.pcap': inbandDtmfPcap(keys.presses) }
        : undefined;
  const mediaPort = freePort();
  freePort(); // sipp binds RTCP and video next to its media port
  try {
    const run = await startSipp({
      scenario,
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: number,
      keys: {
        caller: CALLER,
        rtpport: String(rtpport),
        payloads: keys.by === 'inband' ? '0 8' : '0 8 101',
        ...(keys.by === 'info' ? { digit: keys.digit } : {}),
      },
      pauseMs: waitMs,
      extra: ['-mp', String(mediaPort)],
      ...(files ? { files } : {}),
    }).done;
    return { run, heard };
  } finally {
    await heard.close();
  }
}

function expectHungUpBySwitch(run: SippRun): void {
  expect(run.code, run.output + run.errors).toBe(0);
  expect(run.logs).toContain('bye from switch');
}

/** The stretches of speech the caller heard, each compared with the TTS of the text expected there. */
async function expectHeard(heard: RtpCapture, texts: string[]): Promise<void> {
  const audio = heard.audio('PCMU');
  const found = bursts(audio);
  expect(found.length, `stretches of speech heard: ${JSON.stringify(found)}`).toBe(texts.length);
  for (const [index, text] of texts.entries()) {
    const [start, end] = found[index]!;
    const match = matchPrompt(audio.subarray(start * 160, end * 160), await speak(text, 'en-GB'));
    expect(match.durationRatio, `duration of “${text}”`).toBeGreaterThan(0.9);
    expect(match.durationRatio, `duration of “${text}”`).toBeLessThan(1.1);
    expect(match.envelopeCorrelation, `energy envelope of “${text}”`).toBeGreaterThan(0.9);
    expect(match.sampleCorrelation, `samples of “${text}”`).toBeGreaterThan(0.8);
  }
}

const pathOf = async () => (await lastCall(world)).path.map((s) => `${s.type}:${s.name}`);

describe('an IVR menu on a number (R20, R73)', () => {
  it('answers and plays its TTS prompt, which the caller hears as that speech, then takes the no-input path', async () => {
    const menu = await mainMenu();
    const { run, heard } = await callFromTrunk(MAIN_NUMBER, { by: 'none' });
    expectHungUpBySwitch(run);
    await expectHeard(heard, [WELCOME]);
    const record = await lastCall(world);
    expect(record).toMatchObject({
      direction: 'inbound',
      toNumber: MAIN_NUMBER,
      ivrMenuId: menu.id,
      outcome: 'answered',
    });
    expect(record.answeredAt).not.toBeNull();
    expect(await pathOf()).toEqual(['ivrMenu:Main']);
  });

  it('sends key 1 pressed as an RFC 4733 event to the user the key map names, bridged without answering again', async () => {
    const menu = await mainMenu();
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    const { run } = await callFromTrunk(MAIN_NUMBER, { by: 'rfc4733', presses: [{ digit: '1', atMs: 0 }] });
    expectHungUpBySwitch(run);
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect(await lastCall(world)).toMatchObject({
      ivrMenuId: menu.id,
      answeredByUserId: world.seed.bob.record.id,
      outcome: 'answered',
    });
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:1', 'user:Bob']);
  });

  it('takes a key sent as SIP INFO (application/dtmf-relay), answering the INFO 200', async () => {
    await mainMenu({ keys: { '1': userDestination('bob'), '2': userDestination('carol') } });
    const carol = await phone(world, world.seed.carol, 'uas-answer-hangup.xml', { ringMs: 300 });
    const { run } = await callFromTrunk(MAIN_NUMBER, { by: 'info', digit: '2' });
    expectHungUpBySwitch(run);
    expect(run.logs).toContain('info answered 200');
    expect((await carol.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:2', 'user:Carol']);
  });

  it('hears a key sent as in-band tones by a caller that offered no telephone-event', async () => {
    await mainMenu();
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    const { run } = await callFromTrunk(MAIN_NUMBER, {
      by: 'inband',
      presses: [{ digit: '1', atMs: 200, durationMs: 150 }],
    });
    expectHungUpBySwitch(run);
    expect((await bob.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:1', 'user:Bob']);
  });
});

describe('retries, invalid keys and closed hours (R22, R23, R75)', () => {
  it('plays the menu again when nothing is pressed, then goes to the no-input destination (a message)', async () => {
    await mainMenu(
      {},
      { maxRetries: 1, inputTimeoutSeconds: 1, noInputDestination: { type: 'playMessage', prompt: en(GOODBYE) } },
    );
    const { run, heard } = await callFromTrunk(MAIN_NUMBER, { by: 'none' });
    expectHungUpBySwitch(run);
    await expectHeard(heard, [WELCOME, WELCOME, GOODBYE]);
    expect(await pathOf()).toEqual(['ivrMenu:Main']);
  });

  it('sends a caller who keeps pressing keys the map lacks to the invalid-key destination after the retries', async () => {
    await mainMenu(
      {},
      { maxRetries: 1, invalidKeyDestination: userDestination('carol'), noInputDestination: { type: 'hangup' } },
    );
    const carol = await phone(world, world.seed.carol, 'uas-answer-hangup.xml', { ringMs: 300 });
    const { run } = await callFromTrunk(MAIN_NUMBER, {
      by: 'rfc4733',
      presses: [
        { digit: '7', atMs: 0 },
        { digit: '8', atMs: 1200 },
      ],
    });
    expectHungUpBySwitch(run);
    expect((await carol.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'user:Carol']);
  });

  it('is closed on a dated exception today: the closed prompt, then the closed destination', async () => {
    const today = localTime(new Date(), 'Europe/Stockholm').date;
    const always = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
      day,
      open: '00:00',
      close: '24:00',
    }));
    await mainMenu({
      openingHours: { openPeriods: always, exceptions: [{ date: today, name: 'Holiday', openPeriods: [] }] },
      closedPrompt: en(CLOSED),
      closedDestination: { type: 'playMessage', prompt: en(GOODBYE) },
    });
    const { run, heard } = await callFromTrunk(MAIN_NUMBER, { by: 'none' });
    expectHungUpBySwitch(run);
    await expectHeard(heard, [CLOSED, GOODBYE]);
    expect(await pathOf()).toEqual(['ivrMenu:Main']);
  });
});

describe('nested menus, repeat and extensions (R21, R23)', () => {
  it('repeats the menu on its repeat key, walks into a nested menu and follows its key; the call log shows the path', async () => {
    const support = await subMenu({ '1': userDestination('bob') });
    await mainMenu({ keys: { '9': { type: 'repeatMenu' }, '2': { type: 'ivrMenu', ivrMenuId: support.id } } });
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    const presses = [
      { digit: '9', atMs: 0 },
      { digit: '2', atMs: 800 },
      { digit: '1', atMs: 1600 },
    ];
    const { run } = await callFromTrunk(MAIN_NUMBER, { by: 'rfc4733', presses });
    expectHungUpBySwitch(run);
    expect((await bob.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:9', 'key:2', 'ivrMenu:Support', 'key:1', 'user:Bob']);
  });

  it('rings the user whose extension the caller dials when the menu allows it', async () => {
    await mainMenu({ keys: {} }, { allowExtensionDialling: true });
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    const presses = ['1', '0', '0', '2'].map((digit, i) => ({ digit, atMs: i * 250 }));
    const { run } = await callFromTrunk(MAIN_NUMBER, { by: 'rfc4733', presses });
    expectHungUpBySwitch(run);
    expect((await bob.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:1002', 'user:Bob']);
  });
});

describe('settings saved between calls (R81)', () => {
  it('sends the next call where the menu’s key now points, although the switch had read the menu before', async () => {
    const menu = await mainMenu({ keys: { '2': userDestination('carol') } });
    const carol = await phone(world, world.seed.carol, 'uas-answer-hangup.xml', { ringMs: 300 });
    expectHungUpBySwitch((await callFromTrunk(MAIN_NUMBER, { by: 'info', digit: '2' })).run);
    expect((await carol.done).code).toBe(0);
    await world.seed.store.ivrMenus.update(world.seed.organisationId, {
      ...menu,
      keys: { '2': userDestination('bob') },
    });
    const bob = await phone(world, world.seed.bob, 'uas-answer-hangup.xml', { ringMs: 300 });
    expectHungUpBySwitch((await callFromTrunk(MAIN_NUMBER, { by: 'info', digit: '2' })).run);
    expect((await bob.done).code).toBe(0);
    expect(await pathOf()).toEqual(['ivrMenu:Main', 'key:2', 'user:Bob']);
  });
});

describe('play a message and hang up (R35)', () => {
  it('answers a call to an unassigned number with the rule’s message and hangs up', async () => {
    const before = (await world.seed.store.callRouting.getDefaults(world.seed.organisationId)).unassignedNumbers;
    const rule: UnassignedNumberRule = { action: 'playMessage', prompt: en(NOT_IN_USE) };
    await world.seed.setDefaults({ unassignedNumbers: rule });
    try {
      const { run, heard } = await callFromTrunk(world.seed.numbers.unassigned, { by: 'none' });
      expectHungUpBySwitch(run);
      await expectHeard(heard, [NOT_IN_USE]);
      expect(await lastCall(world)).toMatchObject({ toNumber: world.seed.numbers.unassigned, outcome: 'answered' });
    } finally {
      await world.seed.setDefaults({ unassignedNumbers: before });
    }
  });
});
