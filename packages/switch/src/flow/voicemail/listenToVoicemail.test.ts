import { pcm16Wav } from '@vaxel/media';
import { fileKeys, hashVoicemailPin } from '@vaxel/store';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePromptAudio } from '../fakeServices.ts';
import { until, voicemailWorld } from './fakeVoicemail.ts';
import { CHOICE_TIMEOUT_MS, listenToVoicemail, listeningOrder } from './listenToVoicemail.ts';
import { messageCount, messageHeading, phrases } from './phrases.ts';

let world: Awaited<ReturnType<typeof voicemailWorld>>;
afterEach(async () => world?.close());

const samplesOf = (seed: number) => Int16Array.from({ length: 800 }, (_, i) => ((i * seed) % 2000) - 1000);

async function leave(
  owner: { type: 'user'; userId: string } | { type: 'responseGroup'; responseGroupId: string },
  fields: { fromNumber: string; createdAt: string; heard?: boolean; seed: number },
) {
  const message = await world.store.voicemail.create(world.org.id, {
    box: owner,
    callId: null,
    fromNumber: fields.fromNumber,
    durationMs: 100,
    heard: fields.heard ?? false,
    createdAt: fields.createdAt,
  });
  await world.files.put(fileKeys.voicemail(world.org.id, message.id), Buffer.from(pcm16Wav(samplesOf(fields.seed))));
  return message;
}

const said = (text: string) => FakePromptAudio.clipOf(text);

describe('listening to one’s own voicemail with *98', () => {
  it('says how many messages there are, then plays new ones before saved ones, each after who and when', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    const saved = await leave(anna, {
      fromNumber: '+46701111111',
      createdAt: '2026-11-30T08:00:00.000Z',
      heard: true,
      seed: 3,
    });
    const fresh = await leave(anna, { fromNumber: '+46702222222', createdAt: '2026-12-01T09:15:00.000Z', seed: 7 });
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'ownBox', owner: anna });
    await until(() => c.media.playbacks.length === 1);
    expect(c.leg.answers).toBe(1);
    expect(c.media.playbacks[0]!.request.clips).toEqual([said(messageCount('en', 1, 1))]);
    c.media.playbacks[0]!.end({ reason: 'finished' });

    await until(() => c.media.playbacks.length === 2);
    expect(c.media.playbacks[1]!.request.clips).toEqual([
      said(messageHeading('en', fresh, 'Europe/Stockholm')),
      samplesOf(7),
      said(phrases.choices.en),
    ]);
    expect(messageHeading('en', fresh, 'Europe/Stockholm')).toBe(
      'New message from plus 4 6 7 0 2 2 2 2 2 2 2, Tuesday 1 December at 10:15.',
    );
    c.media.press('#');
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([
      said(messageHeading('en', saved, 'Europe/Stockholm')),
      samplesOf(3),
      said(phrases.choices.en),
    ]);
    c.media.press('*');
    await until(() => c.media.playbacks.length === 4);
    expect(c.media.playbacks[3]!.request.clips).toEqual([said(phrases.goodbye.en)]);
    c.media.playbacks[3]!.end({ reason: 'finished' });
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
    expect(c.log.words).toEqual(['voicemail:Anna Berg']);
    expect((await world.store.voicemail.get(world.org.id, fresh.id))?.heard).toBe(false);
  });

  it('deletes a message and its audio with 3, saves one with 2, and replays one with 1', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    const first = await leave(anna, { fromNumber: '+46701111111', createdAt: '2026-12-01T08:00:00.000Z', seed: 3 });
    const second = await leave(anna, { fromNumber: '+46702222222', createdAt: '2026-12-01T09:00:00.000Z', seed: 5 });
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'ownBox', owner: anna });
    await until(() => c.media.playbacks.length === 1);
    c.media.playbacks[0]!.end({ reason: 'finished' });
    await until(() => c.media.playbacks.length === 2);
    c.media.press('3');
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([said(phrases.deleted.en)]);
    expect(await world.store.voicemail.get(world.org.id, first.id)).toBeNull();
    expect(await world.files.get(fileKeys.voicemail(world.org.id, first.id))).toBeNull();
    c.media.playbacks[2]!.end({ reason: 'finished' });

    await until(() => c.media.playbacks.length === 4);
    c.media.playbacks[3]!.end({ reason: 'finished' });
    // The whole message played; the caller chooses after it.
    c.media.press('1');
    await until(() => c.media.playbacks.length === 5);
    expect(c.media.playbacks[4]!.request.clips[1]).toEqual(samplesOf(5));
    c.media.press('2');
    await until(() => c.media.playbacks.length === 6);
    expect(c.media.playbacks[5]!.request.clips).toEqual([said(phrases.saved.en)]);
    expect((await world.store.voicemail.get(world.org.id, second.id))?.heard).toBe(true);
    c.media.playbacks[5]!.end({ reason: 'finished' });
    await until(() => c.media.playbacks.length === 7);
    expect(c.media.playbacks[6]!.request.clips).toEqual([said(phrases.noMore.en), said(phrases.goodbye.en)]);
    c.media.playbacks[6]!.end({ reason: 'finished' });
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
  });

  it('says the choices again after 10 s without a key, and finishes after a second silence', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    await leave(anna, { fromNumber: '+46701111111', createdAt: '2026-12-01T08:00:00.000Z', seed: 3 });
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'ownBox', owner: anna });
    await until(() => c.media.playbacks.length === 1);
    c.media.playbacks[0]!.end({ reason: 'finished' });
    await until(() => c.media.playbacks.length === 2);
    c.media.playbacks[1]!.end({ reason: 'finished' });
    await until(() => world.clock.pendingTimers === 1);
    world.clock.advance(CHOICE_TIMEOUT_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.media.playbacks).toHaveLength(2);
    world.clock.advance(1);
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([said(phrases.choices.en)]);
    c.media.playbacks[2]!.end({ reason: 'finished' });
    await until(() => world.clock.pendingTimers === 1);
    world.clock.advance(CHOICE_TIMEOUT_MS);
    await until(() => c.media.playbacks.length === 4);
    expect(c.media.playbacks[3]!.request.clips).toEqual([said(phrases.goodbye.en)]);
    c.media.playbacks[3]!.end({ reason: 'finished' });
    await expect(ended).resolves.toMatchObject({ kind: 'end', cause: { by: 'flow' } });
  });

  it('says so when the box is empty, in the organisation’s language', async () => {
    world = await voicemailWorld('sv');
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'ownBox', owner: { type: 'user', userId: world.anna.id } });
    await until(() => c.media.playbacks.length === 1);
    expect(c.media.playbacks[0]!.request.clips).toEqual([said(phrases.noMessages.sv), said(phrases.goodbye.sv)]);
    c.media.playbacks[0]!.end({ reason: 'finished' });
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
  });

  it('stops when the caller hangs up', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    const message = await leave(anna, { fromNumber: '+46701111111', createdAt: '2026-12-01T08:00:00.000Z', seed: 3 });
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'ownBox', owner: anna });
    await until(() => c.media.playbacks.length === 1);
    c.hangUp.abort();
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'caller' } });
    expect(await world.store.voicemail.get(world.org.id, message.id)).not.toBeNull();
  });
});

describe('listening through the voicemail access', () => {
  /** Answers the prompt being played with keys (barge-in), once it plays. */
  async function enter(c: ReturnType<typeof world.call>, count: number, keys: string) {
    await until(() => c.media.playbacks.length === count);
    for (const key of keys) c.media.press(key as '0');
  }

  it("opens the box of the extension entered, with its PIN, and forgets the box's earlier wrong PINs", async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    await world.store.voicemail.setPinHash(
      world.org.id,
      anna,
      await hashVoicemailPin('4821'),
      '2026-12-01T00:00:00.000Z',
    );
    await world.store.voicemail.recordPinFailure(world.org.id, anna, '2026-12-01T13:00:00.000Z');
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'askForBox' });
    await until(() => c.media.playbacks.length === 1);
    expect(c.media.playbacks[0]!.request.clips).toEqual([said(phrases.askBox.en)]);
    await enter(c, 1, '201#');
    await until(() => c.media.playbacks.length === 2);
    expect(c.media.playbacks[1]!.request.clips).toEqual([said(phrases.askPin.en)]);
    await enter(c, 2, '4821#');
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([said(phrases.noMessages.en), said(phrases.goodbye.en)]);
    c.media.playbacks[2]!.end({ reason: 'finished' });
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
    expect((await world.store.voicemail.pinFailures(world.org.id, anna, '2026-01-01T00:00:00.000Z')).count).toBe(0);
  });

  it("opens a response group's box by its numeric id", async () => {
    world = await voicemailWorld('en');
    const group = { type: 'responseGroup' as const, responseGroupId: world.group.id };
    await world.store.voicemail.setPinHash(
      world.org.id,
      group,
      await hashVoicemailPin('777777'),
      '2026-12-01T00:00:00.000Z',
    );
    const c = world.call();
    void listenToVoicemail(c.call, { kind: 'askForBox' });
    await enter(c, 1, '7#');
    await enter(c, 2, '777777#');
    await until(() => c.media.playbacks.length === 3);
    expect(c.log.words).toEqual(['voicemail:Support']);
    c.hangUp.abort();
  });

  it('hangs up after three wrong tries, each remembered against the box, and says the same for an unknown extension', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    await world.store.voicemail.setPinHash(
      world.org.id,
      anna,
      await hashVoicemailPin('4821'),
      '2026-12-01T00:00:00.000Z',
    );
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'askForBox' });
    let count = 0;
    for (const [extension, pin] of [
      ['201', '1111'],
      ['999', '4821'],
      ['201', '4822'],
    ] as const) {
      await enter(c, ++count, `${extension}#`);
      await enter(c, ++count, `${pin}#`);
      await until(() => c.media.playbacks.length === count + 1);
      expect(c.media.playbacks[count]!.request.clips).toEqual([said(phrases.wrongPin.en)]);
      c.media.playbacks[count++]!.end({ reason: 'finished' });
    }
    await until(() => c.media.playbacks.length === count + 1);
    expect(c.media.playbacks[count]!.request.clips).toEqual([said(phrases.goodbye.en)]);
    c.media.playbacks[count]!.end({ reason: 'finished' });
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
    expect((await world.store.voicemail.pinFailures(world.org.id, anna, '2026-01-01T00:00:00.000Z')).count).toBe(2);
  });

  it('refuses PIN entry on a box with ten wrong PINs in the last hour, even the right PIN', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    await world.store.voicemail.setPinHash(
      world.org.id,
      anna,
      await hashVoicemailPin('4821'),
      '2026-12-01T00:00:00.000Z',
    );
    for (let minute = 0; minute < 10; minute++)
      await world.store.voicemail.recordPinFailure(
        world.org.id,
        anna,
        `2026-12-01T13:${String(20 + minute).padStart(2, '0')}:00.000Z`,
      );
    const c = world.call();
    const ended = listenToVoicemail(c.call, { kind: 'askForBox' });
    await enter(c, 1, '201#');
    await enter(c, 2, '4821#');
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([said(phrases.locked.en)]);
    c.media.playbacks[2]!.end({ reason: 'finished' });
    await until(() => c.media.playbacks.length === 4);
    c.media.playbacks[3]!.end({ reason: 'finished' });
    await ended;
    expect(c.log.words).toEqual([]);
  });
});

describe('the order messages are played in', () => {
  it('is new ones oldest first, then saved ones oldest first', () => {
    const m = (id: string, createdAt: string, heard: boolean) => ({
      id,
      organisationId: 'o',
      box: { type: 'user' as const, userId: 'u' },
      callId: null,
      fromNumber: '1',
      fromName: null,
      durationMs: 1,
      heard,
      createdAt,
    });
    const order = listeningOrder([
      m('a', '2026-01-03', true),
      m('b', '2026-01-02', false),
      m('c', '2026-01-01', true),
      m('d', '2026-01-04', false),
    ]);
    expect(order.map((x) => x.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});

describe('a key pressed ahead', () => {
  it('is the choice for the next message at once: 3 during the count deletes the first message unheard', async () => {
    world = await voicemailWorld('en');
    const anna = { type: 'user' as const, userId: world.anna.id };
    const first = await leave(anna, { fromNumber: '+46701111111', createdAt: '2026-12-01T08:00:00.000Z', seed: 3 });
    const c = world.call();
    void listenToVoicemail(c.call, { kind: 'ownBox', owner: anna });
    await until(() => c.media.playbacks.length === 1);
    c.media.press('3');
    await until(() => c.media.playbacks.length === 2);
    expect(c.media.playbacks[1]!.request.clips).toEqual([said(phrases.deleted.en)]);
    expect(await world.store.voicemail.get(world.org.id, first.id)).toBeNull();
    c.hangUp.abort();
  });
});
