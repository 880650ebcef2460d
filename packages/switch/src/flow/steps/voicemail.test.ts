import { fileKeys } from '@vaxel/store';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePromptAudio } from '../fakeServices.ts';
import { builtInGreeting, phrases } from '../voicemail/phrases.ts';
import { until, voicemailWorld } from '../voicemail/fakeVoicemail.ts';
import { BEEP, MESSAGE_RECORDING, voicemail } from './voicemail.ts';

let world: Awaited<ReturnType<typeof voicemailWorld>>;
afterEach(async () => world?.close());

/** Runs the step to its recording: the greeting and the beep played to the end. */
async function toRecording(
  w: typeof world,
  destination: Parameters<typeof voicemail.run>[1],
  cause: Parameters<typeof voicemail.run>[2] = 'unanswered',
) {
  const c = w.call();
  const ended = voicemail.run(c.call, destination, cause);
  await until(() => c.media.playbacks.length === 1);
  c.media.playbacks[0]!.end({ reason: 'finished' });
  await until(() => c.media.playbacks.length === 2);
  c.media.playbacks[1]!.end({ reason: 'finished' });
  await until(() => c.media.messageRecordings.length === 1);
  return { ...c, ended, recording: c.media.messageRecordings[0]! };
}

describe('leaving a voicemail message', () => {
  it("answers, greets with the built-in greeting naming the user, beeps and records the caller's side", async () => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } });
    expect(c.leg.answers).toBe(1);
    expect(c.media.playbacks[0]!.request.clips).toEqual([
      FakePromptAudio.clipOf(builtInGreeting('en', 'Anna Berg', 'user')),
    ]);
    expect(c.media.playbacks[0]!.request.bargeIn).toBe(true);
    expect(c.media.playbacks[1]!.request.clips).toEqual([BEEP]);
    expect(c.recording.side).toBe('caller');
    expect(c.recording.request).toMatchObject({
      ...MESSAGE_RECORDING,
      key: expect.stringMatching(new RegExp(`^${world.org.id}/voicemail/[0-9a-f-]{36}\\.wav$`)),
    });
    c.hangUp.abort();
  });

  it('stores the message with caller, time and length, links it from the call log and says thank you', async () => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } });
    await world.files.put(c.recording.request.key, Buffer.from('RIFF-message'));
    c.recording.end({ endedBy: 'digit', durationMs: 4200, kept: true });
    await until(() => c.media.playbacks.length === 3);
    expect(c.media.playbacks[2]!.request.clips).toEqual([FakePromptAudio.clipOf(phrases.thanks.en)]);
    c.media.playbacks[2]!.end({ reason: 'finished' });
    await expect(c.ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'voicemail' } });
    const [message] = await world.store.voicemail.list(world.org.id, { type: 'user', userId: world.anna.id });
    expect(message).toMatchObject({
      callId: 'call-1',
      fromNumber: '+46701234567',
      fromName: 'Carl Caller',
      durationMs: 4200,
      heard: false,
      createdAt: '2026-12-01T13:32:00.000Z',
    });
    expect(c.recording.request.key).toBe(fileKeys.voicemail(world.org.id, message!.id));
    expect(c.log.voicemails).toEqual([message!.id]);
    expect(c.log.words).toEqual(['voicemail:Anna Berg']);
  });

  it('keeps a message the caller ends by hanging up, without a thank-you', async () => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } });
    // The media plane finishes the message when the caller hangs up (stopped, long enough to keep).
    c.recording.end({ endedBy: 'stopped', durationMs: 2500, kept: true });
    c.hangUp.abort();
    await expect(c.ended).resolves.toEqual({ kind: 'end', cause: { by: 'caller', outcome: 'voicemail' } });
    expect(c.media.playbacks).toHaveLength(2);
    expect(await world.store.voicemail.list(world.org.id, { type: 'user', userId: world.anna.id })).toHaveLength(1);
  });

  it.each([
    ['unanswered', 'missed'],
    ['busy', 'busy'],
    ['rejected', 'rejected'],
  ] as const)('keeps no message under a second, and a call sent there %s ends %s', async (cause, outcome) => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } }, cause);
    c.recording.end({ endedBy: 'silence', durationMs: 600, kept: false });
    await expect(c.ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome } });
    expect(await world.store.voicemail.list(world.org.id, { type: 'user', userId: world.anna.id })).toEqual([]);
    expect(c.log.voicemails).toEqual([]);
  });

  it("plays the user's own greeting, and the organisation's default for a user without one (R31)", async () => {
    world = await voicemailWorld('sv');
    const own = { type: 'tts' as const, text: 'Hej, det är Anna.', language: 'sv-SE' };
    const fallback = { type: 'tts' as const, text: 'Välkommen till Acmes röstbrevlåda.', language: 'sv-SE' };
    await world.store.users.setRoutingOverrides(world.org.id, world.anna.id, { voicemailGreeting: own }, null);
    await world.store.callRouting.setDefaults(world.org.id, {
      ...(await world.store.callRouting.getDefaults(world.org.id)),
      voicemailGreeting: fallback,
    });
    const anna = world.call();
    void voicemail.run(anna.call, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } }, 'unanswered');
    await until(() => anna.media.playbacks.length === 1);
    expect(anna.media.playedClips()).toEqual([FakePromptAudio.clipOf(own.text)]);
    anna.hangUp.abort();
    const bo = world.call();
    void voicemail.run(bo.call, { type: 'voicemail', owner: { type: 'user', userId: world.bo.id } }, 'unanswered');
    await until(() => bo.media.playbacks.length === 1);
    expect(bo.media.playedClips()).toEqual([FakePromptAudio.clipOf(fallback.text)]);
    bo.hangUp.abort();
  });

  it("falls back to the built-in greeting in the organisation's language when the own greeting cannot be played", async () => {
    world = await voicemailWorld('sv');
    await world.store.users.setRoutingOverrides(
      world.org.id,
      world.anna.id,
      { voicemailGreeting: { type: 'audioFile', audioFileId: 'gone' } },
      null,
    );
    const c = world.call();
    c.prompts.missing.add('gone');
    void voicemail.run(c.call, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } }, 'unanswered');
    await until(() => c.media.playbacks.length === 1);
    expect(c.media.playedClips()).toEqual([FakePromptAudio.clipOf(builtInGreeting('sv', 'Anna Berg', 'user'))]);
    expect(builtInGreeting('sv', 'Anna Berg', 'user')).toMatch(/röstbrevlådan för Anna Berg/);
    c.hangUp.abort();
  });

  it('lets a key skip the greeting to the beep', async () => {
    world = await voicemailWorld('en');
    const c = world.call();
    void voicemail.run(c.call, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } }, 'unanswered');
    await until(() => c.media.playbacks.length === 1);
    c.media.press('5');
    await until(() => c.media.playbacks.length === 2);
    expect(c.media.playbacks[1]!.request.clips).toEqual([BEEP]);
    c.hangUp.abort();
  });

  it('ends as missed, sending nothing, when the caller hangs up during the greeting', async () => {
    world = await voicemailWorld('en');
    const c = world.call();
    const ended = voicemail.run(
      c.call,
      { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } },
      'unanswered',
    );
    await until(() => c.media.playbacks.length === 1);
    c.hangUp.abort();
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'caller', outcome: 'missed' } });
    expect(c.media.messageRecordings).toEqual([]);
  });

  it('e-mails the user the message with its audio', async () => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } });
    await world.files.put(c.recording.request.key, Buffer.from('RIFF-audio'));
    c.recording.end({ endedBy: 'silence', durationMs: 3000, kept: true });
    await until(() => world.notifier.sent.length === 1);
    const [sent] = world.notifier.sent;
    expect(sent!.recipients).toEqual([{ name: 'Anna Berg', email: '201@acme.test' }]);
    expect(sent!.organisation).toMatchObject({ name: 'Acme', language: 'en', timeZone: 'Europe/Stockholm' });
    expect(sent!.message).toMatchObject({
      fromNumber: '+46701234567',
      fromName: 'Carl Caller',
      durationMs: 3000,
      receivedAt: '2026-12-01T13:32:00.000Z',
    });
    expect(sent!.audio.toString()).toBe('RIFF-audio');
    c.hangUp.abort();
  });

  it('keeps the message when the e-mail cannot be sent, and says why in the log', async () => {
    world = await voicemailWorld('en');
    world.notifier.fail = true;
    const c = await toRecording(world, { type: 'voicemail', owner: { type: 'user', userId: world.anna.id } });
    await world.files.put(c.recording.request.key, Buffer.from('RIFF-audio'));
    c.recording.end({ endedBy: 'silence', durationMs: 3000, kept: true });
    await until(() => c.logger.lines.some((l) => l.message.includes('notification could not be sent')));
    expect(await world.store.voicemail.list(world.org.id, { type: 'user', userId: world.anna.id })).toHaveLength(1);
    c.hangUp.abort();
  });
});

describe("a response group's voicemail", () => {
  it("takes a message in the group's box and e-mails its notified users and supervisors", async () => {
    world = await voicemailWorld('en');
    const c = await toRecording(world, {
      type: 'voicemail',
      owner: { type: 'responseGroup', responseGroupId: world.group.id },
    });
    expect(c.media.playbacks[0]!.request.clips).toEqual([
      FakePromptAudio.clipOf(builtInGreeting('en', 'Support', 'responseGroup')),
    ]);
    await world.files.put(c.recording.request.key, Buffer.from('RIFF'));
    c.recording.end({ endedBy: 'digit', durationMs: 2000, kept: true });
    await until(() => world.notifier.sent.length === 1);
    expect(world.notifier.sent[0]!.recipients.map((r) => r.name).sort()).toEqual(['Anna Berg', 'Bo Ek']);
    expect(
      await world.store.voicemail.list(world.org.id, { type: 'responseGroup', responseGroupId: world.group.id }),
    ).toHaveLength(1);
    c.hangUp.abort();
  });

  it('refuses the call without answering while the group has voicemail off', async () => {
    world = await voicemailWorld('en');
    await world.store.responseGroups.update(world.org.id, {
      ...world.group,
      settings: { ...world.group.settings, voicemail: { ...world.group.settings.voicemail, enabled: false } },
    });
    const c = world.call();
    const result = await voicemail.run(
      c.call,
      { type: 'voicemail', owner: { type: 'responseGroup', responseGroupId: world.group.id } },
      'unanswered',
    );
    expect(result).toEqual({
      kind: 'end',
      cause: {
        by: 'refusal',
        refusal: {
          status: 480,
          reason: 'Temporarily Unavailable',
          warning: 'voicemail is off for this group',
          outcome: 'missed',
        },
      },
    });
    expect(c.leg.answers).toBe(0);
  });
});

describe('a voicemail destination without a box', () => {
  it('is refused without answering (a deleted user, or no owner)', async () => {
    world = await voicemailWorld('en');
    const c = world.call();
    expect(await voicemail.run(c.call, { type: 'voicemail' }, 'busy')).toMatchObject({
      kind: 'end',
      cause: { by: 'refusal', refusal: { status: 480, outcome: 'busy' } },
    });
    expect(
      await voicemail.run(c.call, { type: 'voicemail', owner: { type: 'user', userId: 'gone' } }, 'routed'),
    ).toMatchObject({ kind: 'end', cause: { by: 'refusal', refusal: { status: 480, outcome: 'missed' } } });
    expect(c.leg.answers).toBe(0);
  });
});
