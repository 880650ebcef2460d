import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApi, hashToken, type App } from '@vaxel/api';
import {
  CachedTextToSpeech,
  concatPcm,
  decodeG711,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  parseWav,
  silence,
  wavSamples,
} from '@vaxel/media';
import { createDiskFileStore, fileKeys, hashVoicemailPin, type FileStore } from '@vaxel/store';
import { until } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mediaAudioProcessing } from '../../../apps/vaxel/src/audioProcessing.ts';
import { smtpVoicemailNotifier } from '../../../apps/vaxel/src/voicemailMailer.ts';
import { startMailbox, type Mailbox } from '../../api/test/support/mailbox.ts';
import { mimeParts } from '../../api/test/support/mimeParts.ts';
import { BEEP } from '../src/flow/steps/voicemail.ts';
import { builtInGreeting, messageCount, messageHeading, phrases } from '../src/flow/voicemail/phrases.ts';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import { keysPcap, pcmuPcap } from './rtpPcap.ts';
import { freePort, runSipp } from './sipp.ts';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * R17, R31–R33, R76 on real calls: sipp callers through a loopback trunk, the real media plane,
 * real espeak-ng, a real SMTP server. A caller who reaches a user who does not answer hears the
 * greeting and the beep and leaves what they say; the message is listed by the API and its audio
 * is what was sent (correlation); the user hears it with *98 and deletes it with a key; the
 * e-mail carries the same WAV; a busy user's caller reaches voicemail too.
 */
let world: World;
let files: FileStore;
let folder: string;
let mailbox: Mailbox;
let tts: CachedTextToSpeech;
let api: App;
const bobToken = 'bob-session-token-0123456789abcdef';
const notifier = { close: () => {} };
/** What the switch said above debug, to show beside a failure. */
const said: string[] = [];
const keep = (level: string) => (message: string, details?: object) =>
  void said.push(`${level} ${message} ${JSON.stringify(details ?? {})}`);
const logger = { debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vaxel-voicemail-'));
  files = createDiskFileStore(folder);
  mailbox = await startMailbox();
  tts = new CachedTextToSpeech({ engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter({}) }) });
  const mailer = smtpVoicemailNotifier(mailbox.url, 'https://pbx.example.test');
  notifier.close = () => mailer.close();
  world = await startWorld({
    files,
    prompts: () => new LibraryPromptAudio({ audioFiles: { get: async () => null }, files, tts }),
    switch: { voicemailNotifier: mailer, logger },
  });
  // Bob's console session, as a login would leave it, for the API's view of his box.
  await world.seed.store.accounts.createToken({
    tokenHash: hashToken(bobToken),
    accountId: world.seed.bob.record.accountId,
    kind: 'session',
    expiresAt: '2099-01-01T00:00:00.000Z',
    createdAt: new Date().toISOString(),
  });
  api = await buildApi({ store: world.seed.store, files, audio: mediaAudioProcessing() });
});
afterAll(async () => {
  await api?.close();
  notifier.close();
  await stopWorld(world);
  await mailbox?.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(async () => expectNothingLeft(world));

const bobBox = () => ({ type: 'user' as const, userId: world.seed.bob.record.id });

/** What a caller says: espeak-ng speech as it arrives after G.711 (PCMU) on the wire. */
async function speech(text: string): Promise<Int16Array> {
  const spoken = wavSamples(parseWav((await tts.synthesize(text, 'sv-SE')).wav));
  return decodeG711('PCMU', encodeG711('PCMU', spoken));
}

/** How long the greeting and the beep last, so the caller speaks after them as people do. */
async function greetingMs(name: string): Promise<number> {
  const greeting = wavSamples(parseWav((await tts.synthesize(builtInGreeting('sv', name, 'user'), 'sv-SE')).wav));
  return ((greeting.length + BEEP.length) * 1000) / 8000;
}

/** A call from the carrier's address that says `words` once the greeting and beep are over, then hangs up. */
async function outsideCallerSays(dialled: string, words: Int16Array, caller = '+46701112233') {
  const lead = Math.round((await greetingMs('Bob')) + 1500);
  const audio = concatPcm(silence(lead), words, silence(500));
  return runSipp({
    scenario: 'trunk-inbound-voicemail.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: dialled,
    keys: { caller },
    pauseMs: Math.round((audio.length * 1000) / 8000) + 1500,
    extra: ['-mp', String(freePort())],
    files: { 'audio.pcap': pcmuPcap(audio) },
    timeoutSeconds: 90,
  });
}

/** Normalised correlation of `b` against `a` at the best lag (what the recorder kept may start a little early or late). */
function bestCorrelation(sent: Int16Array, kept: Int16Array): number {
  const energy = (x: Int16Array, from: number, length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += x[from + i]! * x[from + i]!;
    return sum;
  };
  let best = 0;
  const length = Math.min(sent.length, kept.length) - 1;
  for (let lag = 0; lag + sent.length <= kept.length + 8000; lag += 1) {
    if (lag + 1000 > kept.length) break;
    const n = Math.min(sent.length, kept.length - lag);
    if (n < length * 0.8) continue;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += sent[i]! * kept[lag + i]!;
    const score = dot / Math.sqrt(energy(sent, 0, n) * energy(kept, lag, n) || 1);
    if (score > best) best = score;
  }
  return best;
}

describe('leaving voicemail', () => {
  it("takes an outside caller's message for a user who does not answer: stored, listed by the API, the audio what was said", async () => {
    await world.seed.store.users.setRoutingOverrides(
      world.seed.organisationId,
      world.seed.bob.record.id,
      { ringSeconds: 5 },
      null,
    );
    const words = await speech('Hej Bob, det här är Carl. Ring mig tillbaka i eftermiddag, tack.');
    const bob = await phone(world, world.seed.bob, 'uas-ring-cancelled.xml');
    const caller = await outsideCallerSays(world.seed.numbers.bobLandline, words);
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);

    const record = await lastCall(world);
    expect(record).toMatchObject({ outcome: 'voicemail', fromNumber: '+46701112233' });
    expect(record.path.map((step) => step.type)).toEqual(['user', 'voicemail']);
    const [message] = await world.seed.store.voicemail.list(world.seed.organisationId, bobBox());
    expect(message).toMatchObject({
      callId: record.id,
      fromNumber: '+46701112233',
      fromName: 'Carl Caller',
      heard: false,
    });
    expect(record.voicemailMessageId).toBe(message!.id);

    const listed = await api.inject({
      method: 'GET',
      url: `/api/v1/orgs/${world.seed.organisationId}/voicemail-boxes/user-${world.seed.bob.record.id}/messages`,
      headers: { authorization: `Bearer ${bobToken}` },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: message!.id, fromNumber: '+46701112233', read: false }),
    ]);
    const wav = await api.inject({
      method: 'GET',
      url: `/api/v1/orgs/${world.seed.organisationId}/voicemail-boxes/user-${world.seed.bob.record.id}/messages/${message!.id}/audio`,
      headers: { authorization: `Bearer ${bobToken}` },
    });
    const kept = wavSamples(parseWav(wav.rawPayload));
    // What was said, in full: its length (within the 0.3 s the stop tail may take) and its waveform.
    expect(message!.durationMs).toBeGreaterThan((words.length / 8) * 0.9);
    expect(bestCorrelation(words, kept)).toBeGreaterThan(0.9);
  }, 120_000);

  it('e-mails the user the message with the same WAV attached', async () => {
    const [message] = await world.seed.store.voicemail.list(world.seed.organisationId, bobBox());
    const mail = await mailbox
      .next('bob@acme.test', () => true, 30_000)
      .catch((error: Error) => {
        throw new Error(
          `${error.message}; ${mailbox.mails.length} mails arrived; the switch said: ${said.join(' | ')}`,
        );
      });
    expect(mail.subject).toBe('Nytt röstmeddelande från Carl Caller (+46701112233)');
    const attachment = mimeParts(mail.raw).find((part) => part.headers['content-type']?.startsWith('audio/wav'));
    expect(
      attachment?.body.equals((await files.get(fileKeys.voicemail(world.seed.organisationId, message!.id)))!),
    ).toBe(true);
  });

  it('lets the user hear it with *98 from their own phone and delete it with 3: the API lists it no more, the file is gone', async () => {
    const [message] = await world.seed.store.voicemail.list(world.seed.organisationId, bobBox());
    // What Bob will hear, synthesised ahead as the switch's cache keeps it, so a busy machine's
    // espeak-ng does not decide whether the call ends in time.
    for (const text of [
      messageCount('sv', 1, 0),
      messageHeading('sv', message!, 'Europe/Stockholm'),
      phrases.choices.sv,
      phrases.deleted.sv,
      phrases.noMore.sv,
      phrases.goodbye.sv,
    ]) {
      await tts.synthesize(text, 'sv-SE');
    }
    // Bob waits 4 s (the count and who and when are being said), then presses 3.
    const listening = await call(world, world.seed.bob, '*98', 'uac-voicemail-key.xml', {
      talkMs: 4000,
      keys: { key: '3' },
      timeoutSeconds: 60,
    });
    expect(listening.code, listening.output + listening.errors).toBe(0);
    expect(await world.seed.store.voicemail.get(world.seed.organisationId, message!.id)).toBeNull();
    expect(await files.get(fileKeys.voicemail(world.seed.organisationId, message!.id))).toBeNull();
    const listed = await api.inject({
      method: 'GET',
      url: `/api/v1/orgs/${world.seed.organisationId}/voicemail-boxes/user-${world.seed.bob.record.id}/messages`,
      headers: { authorization: `Bearer ${bobToken}` },
    });
    expect(listed.json()).toEqual([]);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered', toNumber: '*98' });
  }, 60_000);

  it("sends a busy user's caller to voicemail (R33: busy handling, call waiting off)", async () => {
    await world.seed.store.users.setRoutingOverrides(
      world.seed.organisationId,
      world.seed.bob.record.id,
      { callWaiting: false },
      null,
    );
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml', { ringMs: 100 });
    // Alice talks to Bob for 12 s; meanwhile an outside caller tries Bob's landline.
    const talking = call(world, world.seed.alice, '1002', 'uac-call.xml', { talkMs: 12_000 });
    await until(
      'Bob answered',
      async () =>
        (await world.seed.store.calls.search(world.seed.organisationId, { limit: 1 })).calls[0]?.answeredByUserId ===
        world.seed.bob.record.id,
    );
    const words = await speech('Ring mig när du är ledig.');
    const caller = await outsideCallerSays(world.seed.numbers.bobLandline, words, '+46705556677');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await talking).code).toBe(0);
    expect((await bob.done).code).toBe(0);
    const ended = async () =>
      (await world.seed.store.calls.search(world.seed.organisationId, { limit: 5 })).calls.find(
        (c) => c.fromNumber === '+46705556677' && c.endedAt !== null,
      );
    await until('the call ended', async () => (await ended()) !== undefined);
    const messages = await world.seed.store.voicemail.list(world.seed.organisationId, bobBox());
    expect(messages.map((m) => m.fromNumber)).toEqual(['+46705556677']);
    expect(await ended()).toMatchObject({
      outcome: 'voicemail',
      voicemailMessageId: messages[0]!.id,
      path: [expect.objectContaining({ type: 'user' }), expect.objectContaining({ type: 'voicemail' })],
    });
  }, 90_000);
});

describe('the voicemail access', () => {
  /** Alice's phone dials the access and presses `keys` (RFC 4733) from 1.5 s after the answer, then waits for the switch to hang up. */
  async function aliceDialsTheAccess(keys: string) {
    await world.seed.setDefaults({ voicemailAccess: '190' });
    for (const text of [
      phrases.askBox.sv,
      phrases.askPin.sv,
      phrases.wrongPin.sv,
      phrases.goodbye.sv,
      messageCount('sv', 1, 0),
    ])
      await tts.synthesize(text, 'sv-SE');
    // sipp's media port and the one after it (its video socket) must not be the SIP port call() takes next.
    const mediaPort = freePort();
    freePort();
    return call(world, world.seed.alice, '190', 'uac-keys-pcap.xml', {
      extra: ['-mp', String(mediaPort)],
      files: { 'keys.pcap': keysPcap(keys, 1500) },
      timeoutSeconds: 60,
    });
  }

  it("opens Bob's box from Alice's phone with his extension and PIN, keyed as RFC 4733 events", async () => {
    await world.seed.store.voicemail.setPinHash(
      world.seed.organisationId,
      bobBox(),
      await hashVoicemailPin('2468'),
      new Date().toISOString(),
    );
    const listening = await aliceDialsTheAccess('1002#2468#*');
    expect(listening.code, listening.output + listening.errors + said.join('\n')).toBe(0);
    const record = await lastCall(world);
    expect(record).toMatchObject({ outcome: 'answered', toNumber: '190', fromUserId: world.seed.alice.record.id });
    expect(record.path.map((step) => `${step.type}:${step.name}`)).toEqual(['voicemail:Bob']);
    expect(said.some((line) => line.includes('box opened by phone') && line.includes('askForBox'))).toBe(true);
  }, 60_000);

  it('hangs up after three wrong PINs, each remembered against the box', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const listening = await aliceDialsTheAccess('1002#1111#1002#1112#1002#1113#');
    expect(listening.code, listening.output + listening.errors + said.join('\n')).toBe(0);
    expect((await world.seed.store.voicemail.pinFailures(world.seed.organisationId, bobBox(), since)).count).toBe(3);
    expect((await lastCall(world)).path).toEqual([]);
  }, 60_000);
});
