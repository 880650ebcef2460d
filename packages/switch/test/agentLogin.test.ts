import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factoryResponseGroupSettings, type ResponseGroup } from '@vaxel/domain';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '@vaxel/media';
import { createDiskFileStore } from '@vaxel/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import { bursts, matchPrompt, RtpCapture } from './rtpCapture.ts';
import { freePort, startSipp, type SippRun } from './sipp.ts';
import { expectNothingLeft, lastCall, registerPhone, startWorld, stopWorld, type World } from './switchHarness.ts';
import type { SeededUser } from './fixtures.ts';

/**
 * Agents log in and out of response groups from their own phones (R16): a sipp phone registered
 * as the user dials `*45` / `*46` (with a group's numeric ID, or alone), answers the digest
 * challenge, and listens; the test's socket stands where the phone's SDP says its audio goes.
 * The store must show the login changed (or not), and what the phone heard must be the
 * confirmation as the switch's own prompt audio (cached espeak-ng) renders it.
 */
let world: World;
let folder: string;
let prompts: LibraryPromptAudio;
let support: ResponseGroup;
let billing: ResponseGroup;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-agent-login-'));
  const files = createDiskFileStore(join(folder, 'files'));
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(folder, 'tts'),
  });
  world = await startWorld({
    prompts: (store) => {
      prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
      return prompts;
    },
  });
  const { store, organisationId, alice, bob } = world.seed;
  await store.numbers.allocate(organisationId, [
    { number: '+46812300050', type: 'landline' },
    { number: '+46812300051', type: 'landline' },
  ]);
  const create = (name: string, number: string, numericId: string) =>
    store.responseGroups.create(organisationId, {
      name,
      number,
      billingNumber: number,
      numericId,
      agents: [],
      supervisorIds: [],
      settings: factoryResponseGroupSettings(),
    });
  support = await create('Support', '+46812300050', '50');
  billing = await create('Kundtjänst', '+46812300051', '51');
  await registerPhone(world, alice, freePort());
  await registerPhone(world, bob, freePort());
});
afterAll(async () => {
  await stopWorld(world);
  await rm(folder, { recursive: true, force: true });
});
beforeEach(async () => {
  // Alice is an agent of both groups, logged out; Bob of Support only, logged in.
  const { store, organisationId, alice, bob } = world.seed;
  await store.responseGroups.update(organisationId, {
    ...support,
    agents: [
      { userId: alice.record.id, loggedIn: false, reachOn: 'phone' },
      { userId: bob.record.id, loggedIn: true, reachOn: 'phone' },
    ],
  });
  await store.responseGroups.update(organisationId, {
    ...billing,
    agents: [{ userId: alice.record.id, loggedIn: false, reachOn: 'phone' }],
  });
});
afterEach(async () => expectNothingLeft(world));

/** `user`'s phone dials `code` and listens until the switch hangs up; sipp's run and what the phone heard. */
async function dial(user: SeededUser, code: string): Promise<{ run: SippRun; heard: RtpCapture }> {
  const rtpport = freePort();
  const heard = await RtpCapture.open(rtpport);
  const mediaPort = freePort();
  freePort(); // sipp binds RTCP next to its media port
  try {
    const run = await startSipp({
      scenario: 'uac-feature-code.xml',
      port: freePort(),
      remotePort: world.switchPort,
      service: code,
      username: user.username,
      password: user.password,
      keys: { caller: user.username, rtpport: String(rtpport) },
      extra: ['-mp', String(mediaPort)],
    }).done;
    return { run, heard };
  } finally {
    await heard.close();
  }
}

/** The phone heard one stretch of speech, and it is `text` as the switch's prompt audio speaks it (sv-SE: the organisation's language). */
async function expectHeard(heard: RtpCapture, text: string): Promise<void> {
  // The switch plays one prompt without waiting for keys: the RTP timestamps alone lay it out, so a
  // busy machine delaying packets (a burst after a stall) does not read as a pause.
  const audio = heard.audio('PCMU', Number.POSITIVE_INFINITY);
  const found = bursts(audio);
  expect(found.length, `stretches of speech heard: ${JSON.stringify(found)}`).toBe(1);
  const [start, end] = found[0]!;
  const expected = await prompts.samples(world.seed.organisationId, { type: 'tts', text, language: 'sv-SE' });
  const match = matchPrompt(audio.subarray(start * 160, end * 160), expected);
  expect(match.durationRatio, `duration of “${text}”`).toBeGreaterThan(0.9);
  expect(match.durationRatio, `duration of “${text}”`).toBeLessThan(1.1);
  expect(match.envelopeCorrelation, `energy envelope of “${text}”`).toBeGreaterThan(0.9);
  expect(match.sampleCorrelation, `samples of “${text}”`).toBeGreaterThan(0.8);
}

function expectHungUpBySwitch(run: SippRun): void {
  expect(run.code, run.output + run.errors).toBe(0);
  expect(run.logs).toContain('bye from switch');
}

async function loginsOf(user: SeededUser): Promise<Record<string, boolean>> {
  const groups = await world.seed.store.responseGroups.list(world.seed.organisationId);
  return Object.fromEntries(
    groups.flatMap((g) => g.agents.filter((a) => a.userId === user.record.id).map((a) => [g.name, a.loggedIn])),
  );
}

describe('agent login codes from a registered phone (R16)', () => {
  it('logs the agent in to the group of *45 + its numeric ID, and the phone hears the confirmation', async () => {
    const { run, heard } = await dial(world.seed.alice, '*4550');
    expectHungUpBySwitch(run);
    expect(await loginsOf(world.seed.alice)).toEqual({ Support: true, Kundtjänst: false });
    await expectHeard(heard, 'Du är inloggad i Support.');
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', toNumber: '*4550', direction: 'internal' });
  });

  it('writes the login to the audit log as the agent’s own change', async () => {
    const { run } = await dial(world.seed.alice, '*4551');
    expectHungUpBySwitch(run);
    const { entries } = await world.seed.store.auditLog.search(world.seed.organisationId, {
      objectType: 'responseGroup',
      objectId: billing.id,
      limit: 5,
    });
    expect(entries[0]).toMatchObject({
      action: 'update',
      actor: { kind: 'account', accountId: world.seed.alice.record.accountId, name: 'Alice' },
      sourceAddress: '127.0.0.1',
      changes: [
        {
          field: 'agents',
          before: [{ userId: world.seed.alice.record.id, loggedIn: false }],
          after: [{ userId: world.seed.alice.record.id, loggedIn: true }],
        },
      ],
    });
  });

  it('logs the agent out of every group they are an agent of with *46 alone, naming the groups', async () => {
    const { store, organisationId, alice } = world.seed;
    for (const group of [support, billing])
      await store.responseGroups.setAgentLoggedIn(organisationId, group.id, alice.record.id, true);
    const { run, heard } = await dial(alice, '*46');
    expectHungUpBySwitch(run);
    expect(await loginsOf(alice)).toEqual({ Support: false, Kundtjänst: false });
    await expectHeard(heard, 'Du är utloggad från Kundtjänst och Support.');
  });

  it('changes nothing for a numeric ID no group has, and says the caller is not an agent of it', async () => {
    const { run, heard } = await dial(world.seed.alice, '*4599');
    expectHungUpBySwitch(run);
    expect(await loginsOf(world.seed.alice)).toEqual({ Support: false, Kundtjänst: false });
    await expectHeard(heard, 'Du är inte agent i grupp 99.');
  });

  it('changes nothing for a group the caller is not an agent of', async () => {
    const { run, heard } = await dial(world.seed.bob, '*4651');
    expectHungUpBySwitch(run);
    expect(await loginsOf(world.seed.bob)).toEqual({ Support: true });
    expect(
      (await world.seed.store.responseGroups.get(world.seed.organisationId, billing.id))?.agents.map((a) => a.loggedIn),
    ).toEqual([false]);
    await expectHeard(heard, 'Du är inte agent i grupp 51.');
  });
});
