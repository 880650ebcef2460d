import { factoryResponseGroupSettings, type ResponseGroup, type ResponseGroupSettings } from '@vaxel/domain';
import { holdMusic } from '@vaxel/media';
import { createRequest, createResponse, parseUri } from '@vaxel/sip';
import { openStore, type Store } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchDirectory } from '../../directory/switchDirectory.ts';
import { RECHECK_MS } from '../../queue/queues.ts';
import { FakeDialog } from '../../signalling/fakeSignalling.ts';
import type { InviteHandlers, OutgoingInvite } from '../../signalling/signallingPort.ts';
import { FakePromptAudio } from '../fakeServices.ts';
import { flowCall, testQueues, type TestCall } from '../testCall.ts';
import { responseGroup } from './responseGroup.ts';

/** The agents' phones as the switch rings them: the test makes one answer. */
interface RungPhone {
  spec: OutgoingInvite;
  handlers: InviteHandlers;
  cancelled: boolean;
}

function answer(phone: RungPhone): void {
  const request = createRequest({
    method: 'INVITE',
    uri: parseUri(phone.spec.uri),
    headers: [
      ['Via', 'SIP/2.0/UDP x;branch=z9hG4bKx'],
      ['From', '<sip:a@x>;tag=1'],
      ['To', '<sip:b@x>'],
      ['Call-ID', 'c'],
      ['CSeq', '1 INVITE'],
    ],
  });
  phone.handlers.onAnswered(createResponse(request, 200, { toTag: 'agent', body: 'v=0 agent' }), new FakeDialog());
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 2000) throw new Error('condition never became true');
    await new Promise((r) => setImmediate(r));
  }
}

let store: Store;
let organisationId: string;
let users: Record<'anna' | 'bo' | 'cid', string>;
let rung: RungPhone[];
let prompts: FakePromptAudio;
let call: TestCall;
let groups = 0;

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  organisationId = (
    await store.organisations.create({
      name: 'Acme AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
  const user = async (name: string, extension: string) => {
    const email = `${name.toLowerCase()}@acme.test`;
    const account = await store.accounts.create({ email, name, passwordHash: null });
    return (
      await store.users.create(
        organisationId,
        {
          accountId: account.id,
          organisationId,
          name,
          email,
          licence: 'basic',
          permissions: [],
          extension,
          mobileNumber: null,
          landlineNumber: null,
          sipUsername: name.toLowerCase(),
          sipHa1Md5: null,
          sipHa1Sha256: null,
        },
        [],
      )
    ).id;
  };
  users = { anna: await user('Anna', '2001'), bo: await user('Bo', '2002'), cid: await user('Cid', '2003') };
  rung = [];
  prompts = new FakePromptAudio();
  const signalling = {
    invite(spec: OutgoingInvite, handlers: InviteHandlers) {
      const phone: RungPhone = { spec, handlers, cancelled: false };
      rung.push(phone);
      return { cancel: () => (phone.cancelled = true) };
    },
  };
  const base = flowCall({ signalling, prompts });
  const directory = new SwitchDirectory(store, { clock: base.services.clock, ttlMs: 0 });
  call = {
    ...base,
    organisationId,
    caller: { type: 'trunk', trunkId: 't1', number: '+46701234567', name: null },
    services: {
      ...base.services,
      directory,
      queues: testQueues(directory, base.services.presence, base.services.clock),
    },
  };
  // 2026-12-02T10:00Z, the test clock's start, is a Wednesday, 11:00 in Stockholm.
  await register('anna');
  await register('bo');
});
afterEach(async () => store.close());

async function register(who: keyof typeof users) {
  const now = call.services.clock.now();
  await store.registrations.upsert({
    organisationId,
    userId: users[who],
    contact: `sip:${who}@127.0.0.1:5070`,
    source: `udp:127.0.0.1:${5070 + Object.keys(users).indexOf(who)}`,
    userAgent: null,
    expiresAt: new Date(now + 3_600_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
  });
}

type SettingsChange = { [S in keyof ResponseGroupSettings]?: Partial<ResponseGroupSettings[S]> };

async function group(
  change: SettingsChange = {},
  agents: Array<{ who: keyof typeof users; loggedIn: boolean }> = [
    { who: 'anna', loggedIn: true },
    { who: 'bo', loggedIn: true },
  ],
): Promise<ResponseGroup> {
  const factory = factoryResponseGroupSettings();
  const settings: ResponseGroupSettings = {
    // Announcements have tests of their own (waitInQueue.test.ts); here the music plays alone.
    queue: { ...factory.queue, announcePosition: false, ...change.queue },
    schedule: { ...factory.schedule, ...change.schedule },
    distribution: { ...factory.distribution, ...change.distribution },
    voicemail: { ...factory.voicemail, ...change.voicemail },
  };
  const number = `+4681234560${groups++}`;
  return store.responseGroups.create(organisationId, {
    name: 'Support',
    number,
    billingNumber: number,
    numericId: String(groups),
    agents: agents.map((a) => ({ userId: users[a.who], loggedIn: a.loggedIn, reachOn: 'phone' as const })),
    supervisorIds: [],
    settings,
  });
}

const run = (g: ResponseGroup) => responseGroup.run(call, { type: 'responseGroup', responseGroupId: g.id }, 'routed');
const groupBox = (g: ResponseGroup) => ({ type: 'voicemail', owner: { type: 'responseGroup', responseGroupId: g.id } });
const whoRang = () => rung.map((p) => p.spec.to);
const clock = () => call.services.clock;

describe('a response group outside its opening hours (R15, R75)', () => {
  const weekdayMornings = {
    openPeriods: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open: '08:00', close: '10:00' })),
    exceptions: [],
  };

  it('plays the closed prompt, then sends the call to the closed destination', async () => {
    const g = await group({
      schedule: {
        openingHours: weekdayMornings,
        closedPrompt: { type: 'tts', text: 'Vi har stängt.', language: 'sv' },
        closedDestination: { type: 'user', userId: users.cid },
      },
    });
    const result = run(g);
    await until(() => call.media.playbacks.length === 1);
    expect(call.leg.answers).toBe(1);
    expect(call.media.playbacks[0]!.request).toMatchObject({
      clips: [FakePromptAudio.clipOf('Vi har stängt.')],
      bargeIn: false,
    });
    call.media.playbacks[0]!.end({ reason: 'finished' });
    expect(await result).toEqual({ kind: 'next', destination: { type: 'user', userId: users.cid }, cause: 'routed' });
    expect(call.notes).toContain('path responseGroup Support');
    expect(rung).toEqual([]);
  });

  it("sends the call on without answering when there is no closed prompt, voicemail meaning the group's box", async () => {
    const g = await group({
      schedule: { openingHours: weekdayMornings, closedPrompt: null, closedDestination: { type: 'voicemail' } },
    });
    expect(await run(g)).toEqual({ kind: 'next', destination: groupBox(g), cause: 'routed' });
    expect(call.leg.answers).toBe(0);
  });

  it('is closed on a dated exception (a holiday) inside its weekly hours', async () => {
    const allWeek = {
      openPeriods: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
        day,
        open: '08:00',
        close: '17:00',
      })),
      exceptions: [{ date: '2026-12-02', name: 'Holiday', openPeriods: [] }],
    };
    const g = await group({ schedule: { openingHours: allWeek, closedDestination: { type: 'hangup' } } });
    expect(await run(g)).toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'routed' });
    await store.responseGroups.update(organisationId, {
      ...g,
      settings: { ...g.settings, schedule: { ...g.settings.schedule, openingHours: { ...allWeek, exceptions: [] } } },
    });
    void run(g);
    await until(() => rung.length === 2);
    call.abortController.abort('hangup');
  });

  it('ends as the caller hanging up during the closed prompt', async () => {
    const g = await group({
      schedule: { openingHours: weekdayMornings, closedPrompt: { type: 'tts', text: 'Stängt', language: 'sv' } },
    });
    const result = run(g);
    await until(() => call.media.playbacks.length === 1);
    call.abortController.abort('hangup');
    expect(await result).toEqual({ kind: 'end', cause: { by: 'caller' } });
  });
});

describe('a response group that is open', () => {
  it("plays the welcome prompt, then rings every logged-in agent's phone at once with music on hold, looped", async () => {
    const g = await group({
      schedule: { welcomePrompt: { type: 'tts', text: 'Välkommen till supporten.', language: 'sv' } },
    });
    void run(g);
    await until(() => call.media.playbacks.length === 1);
    expect(call.media.playbacks[0]!.request).toMatchObject({
      clips: [FakePromptAudio.clipOf('Välkommen till supporten.')],
      bargeIn: false,
    });
    expect(rung).toEqual([]);
    call.media.playbacks[0]!.end({ reason: 'finished' });
    await until(() => rung.length === 2);
    expect(whoRang().sort()).toEqual(['<sip:2001@127.0.0.1>', '<sip:2002@127.0.0.1>']);
    expect(rung[0]!.spec.from).toBe('"Support: +46701234567" <sip:+46701234567@127.0.0.1>');
    expect(call.media.playbacks).toHaveLength(2);
    expect(call.media.playbacks[1]!.request).toEqual({ clips: [holdMusic()], loop: true, bargeIn: false, offsetMs: 0 });
    expect(call.media.playbacks[1]!.ended).toBe(false);
    expect(call.leg.answers).toBe(1);
    call.abortController.abort('hangup');
  });

  it('connects the first agent who answers, cancels the other phones and marks the agent busy while the call lasts', async () => {
    const g = await group();
    const result = run(g);
    await until(() => rung.length === 2);
    const anna = rung.find((p) => p.spec.to.includes('2001'))!;
    const bo = rung.find((p) => p.spec.to.includes('2002'))!;
    answer(anna);
    const connected = await result;
    expect(connected).toMatchObject({ kind: 'connected', connection: { answeredByUserId: users.anna } });
    expect(bo.cancelled).toBe(true);
    expect(anna.cancelled).toBe(false);
    expect(call.notes.filter((n) => n.startsWith('path'))).toEqual([
      'path responseGroup Support',
      'path agentOffered Anna',
      'path agentOffered Bo',
      'path user Anna',
    ]);
    expect(call.services.presence.isBusy(users.anna)).toBe(true);
    if (connected.kind === 'connected') connected.connection.release?.();
    expect(call.services.presence.isBusy(users.anna)).toBe(false);
  });

  it("plays the group's music file from the audio library, and the built-in music when the file is gone", async () => {
    const withFile = await group({ queue: { musicOnHoldAudioFileId: 'jazz' } });
    void run(withFile);
    await until(() => rung.length === 2);
    expect(call.media.playbacks[0]!.request.clips).toEqual([new Int16Array(800).fill('jazz'.length)]);
    call.abortController.abort('hangup');

    prompts.missing.add('gone');
    const gone = await group({ queue: { musicOnHoldAudioFileId: 'gone' } });
    const again = { ...call, abortController: new AbortController() };
    const second = { ...again, abort: again.abortController.signal };
    void responseGroup.run(second, { type: 'responseGroup', responseGroupId: gone.id }, 'routed');
    await until(() => call.media.playbacks.length === 2);
    expect(call.media.playbacks[1]!.request.clips).toEqual([holdMusic()]);
    again.abortController.abort('hangup');
  });

  it.each([
    [
      'no agent is logged in',
      [
        { who: 'anna' as const, loggedIn: false },
        { who: 'bo' as const, loggedIn: false },
      ],
    ],
    ['the logged-in agents have no registered phone', [{ who: 'cid' as const, loggedIn: true }]],
    ['the group has no agents', []],
  ])('sends the call to the no-agents destination without answering when %s', async (_, agents) => {
    const g = await group({ queue: { noAgentsDestination: { type: 'busyTone' } } }, agents);
    expect(await run(g)).toEqual({ kind: 'next', destination: { type: 'busyTone' }, cause: 'unanswered' });
    expect(rung).toEqual([]);
    expect(call.leg.answers).toBe(0);
    expect(call.media.playbacks).toEqual([]);
  });

  it("takes voicemail as the no-agents destination to mean the group's own box", async () => {
    const g = await group({ queue: { noAgentsDestination: { type: 'voicemail' } } }, []);
    expect(await run(g)).toEqual({ kind: 'next', destination: groupBox(g), cause: 'unanswered' });
  });

  it('keeps a named voicemail box as it is', async () => {
    const named = { type: 'voicemail' as const, owner: { type: 'user' as const, userId: users.cid } };
    const g = await group({ queue: { noAgentsDestination: named } }, []);
    expect(await run(g)).toEqual({ kind: 'next', destination: named, cause: 'unanswered' });
  });

  it('offers the call again when the ring time passes, reaches an agent who logs in meanwhile, and leaves at the maximum wait', async () => {
    const g = await group(
      {
        queue: { maxWaitSeconds: 30, limitReachedDestination: { type: 'hangup' } },
        distribution: { ringSecondsPerAgent: 10 },
      },
      [
        { who: 'anna', loggedIn: true },
        { who: 'bo', loggedIn: false },
      ],
    );
    const result = run(g);
    await until(() => rung.length === 1);
    expect(whoRang()).toEqual(['<sip:2001@127.0.0.1>']);
    clock().advance(10_000);
    await until(() => rung.length === 2);
    expect(rung[0]!.cancelled).toBe(true);
    expect(whoRang()[1]).toBe('<sip:2001@127.0.0.1>');
    await store.responseGroups.setAgentLoggedIn(organisationId, g.id, users.bo, true);
    call.services.queues.settingsChanged(organisationId);
    clock().advance(10_000);
    await until(() => rung.length === 4);
    expect(whoRang().slice(2).sort()).toEqual(['<sip:2001@127.0.0.1>', '<sip:2002@127.0.0.1>']);
    expect(await Promise.race([result, new Promise((r) => setImmediate(() => r('still waiting')))])).toBe(
      'still waiting',
    );
    clock().advance(10_000);
    expect(await result).toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'unanswered' });
    await until(() => rung.every((p) => p.cancelled));
    expect(call.media.commands.at(-1)).toBe('stopPlaying:caller');
  });

  it('skips busy agents, and keeps the caller waiting while every agent is busy until one is free', async () => {
    const g = await group({ queue: { whenNoAgents: 'wait' } });
    const annaCall = call.services.presence.occupy(users.anna);
    const boCall = call.services.presence.occupy(users.bo);
    void run(g);
    await until(() => call.media.playbacks.length === 1);
    clock().advance(RECHECK_MS);
    await until(() => clock().pendingTimers === 2);
    expect(rung).toEqual([]);
    boCall();
    await until(() => rung.length === 1);
    expect(whoRang()).toEqual(['<sip:2002@127.0.0.1>']);
    annaCall();
    call.abortController.abort('hangup');
  });

  it('rings busy agents too when the group does not skip them', async () => {
    const g = await group({ distribution: { skipBusyAgents: false } });
    call.services.presence.occupy(users.anna);
    void run(g);
    await until(() => rung.length === 2);
    call.abortController.abort('hangup');
  });

  it("does not ring an agent's own phone when they call their group", async () => {
    const g = await group();
    call = { ...call, caller: { type: 'user', userId: users.anna, extension: '2001', number: '2001', name: 'Anna' } };
    void run(g);
    await until(() => rung.length === 1);
    expect(whoRang()).toEqual(['<sip:2002@127.0.0.1>']);
    expect(rung[0]!.spec.from).toBe('"Support: Anna" <sip:2001@127.0.0.1>');
    call.abortController.abort('hangup');
  });

  it('cancels the ringing phones and ends as the caller hanging up when they hang up while waiting', async () => {
    const g = await group();
    const result = run(g);
    await until(() => rung.length === 2);
    call.abortController.abort('hangup');
    expect(await result).toEqual({ kind: 'end', cause: { by: 'caller' } });
    expect(rung.every((p) => p.cancelled)).toBe(true);
  });
});

describe('waiting in the queue (R14)', () => {
  it('plays the music at once, announces the position on joining and every interval, the music going on after each where it stopped', async () => {
    const g = await group({ queue: { announcePosition: true, announcementIntervalSeconds: 30 } }, [
      { who: 'anna', loggedIn: true },
    ]);
    call.services.presence.occupy(users.anna);
    void run(g);
    // The music first, so the caller never waits in silence while the announcement's speech is made.
    await until(() => call.media.playbacks.length === 2);
    expect(call.media.playbacks[0]!.request).toMatchObject({ clips: [holdMusic()], loop: true, offsetMs: 0 });
    expect(call.media.playbacks[0]!.ended).toBe(true);
    expect(call.media.playbacks[1]!.request).toMatchObject({
      clips: [FakePromptAudio.clipOf('Du är först i kön.')],
      bargeIn: false,
    });
    expect(prompts.requested.at(-1)).toEqual({ type: 'tts', text: 'Du är först i kön.', language: 'sv-SE' });
    clock().advance(1500);
    call.media.playbacks[1]!.end({ reason: 'finished' });
    await until(() => call.media.playbacks.length === 3);
    expect(call.media.playbacks[2]!.request).toMatchObject({ clips: [holdMusic()], loop: true, offsetMs: 0 });

    const musicMs = (holdMusic().length * 1000) / 8000;
    clock().advance(28_500);
    await until(() => call.media.playbacks.length === 4);
    expect(call.media.playbacks[2]!.ended).toBe(true);
    expect(call.media.playbacks[3]!.request.clips).toEqual([FakePromptAudio.clipOf('Du är först i kön.')]);
    clock().advance(2000);
    call.media.playbacks[3]!.end({ reason: 'finished' });
    await until(() => call.media.playbacks.length === 5);
    // The 28.5 s of music heard so far, not counting the announcements.
    expect(call.media.playbacks[4]!.request).toMatchObject({
      clips: [holdMusic()],
      loop: true,
      offsetMs: 28_500 % musicMs,
    });
    call.abortController.abort('hangup');
  });

  it('says the expected wait once the group has answered calls, and nothing of it before', async () => {
    const g = await group(
      { queue: { announcePosition: false, announceExpectedWait: true, announcementIntervalSeconds: 60 } },
      [{ who: 'anna', loggedIn: true }],
    );
    const annaBusy = call.services.presence.occupy(users.anna);
    void run(g);
    await until(() => call.media.playbacks.length === 1);
    expect(call.media.playbacks[0]!.request.loop).toBe(true);
    call.services.queues.callHandled(g, users.bo, 170);
    clock().advance(60_000);
    await until(() => call.media.playbacks.length === 2);
    // 170 s of talk + 10 s of wrap-up for the first in the queue with one agent: three minutes.
    expect(call.media.playbacks[1]!.request.clips).toEqual([
      FakePromptAudio.clipOf('Beräknad väntetid är ungefär 3 minuter.'),
    ]);
    annaBusy();
    call.abortController.abort('hangup');
  });

  it("takes the caller who presses the voicemail key to the group's voicemail, out of the queue", async () => {
    const g = await group({ queue: { voicemailKey: '9' } });
    const result = run(g);
    await until(() => rung.length === 2);
    call.media.press('5');
    call.media.press('9');
    expect(await result).toEqual({ kind: 'next', destination: groupBox(g), cause: 'routed' });
    expect(call.services.queues.length(organisationId, g.id)).toBe(0);
    await until(() => rung.every((p) => p.cancelled));
  });

  it('lets a key pressed during an announcement cut it short', async () => {
    const g = await group({ queue: { announcePosition: true, voicemailKey: '9' } }, [{ who: 'anna', loggedIn: true }]);
    call.services.presence.occupy(users.anna);
    const result = run(g);
    await until(() => call.media.playbacks.length === 2);
    expect(call.media.playbacks[1]!.request.clips).toEqual([FakePromptAudio.clipOf('Du är först i kön.')]);
    call.media.press('9');
    expect(await result).toEqual({ kind: 'next', destination: groupBox(g), cause: 'routed' });
    expect(call.media.playbacks[1]!.ended).toBe(true);
    expect(clock().pendingTimers).toBe(0);
  });

  it('sends a caller to the queue-full destination, unanswered, when the queue holds its maximum', async () => {
    const g = await group({ queue: { maxQueueLength: 1, queueFullDestination: { type: 'busyTone' } } });
    const first = { ...call, id: 'call-first' };
    void responseGroup.run(first, { type: 'responseGroup', responseGroupId: g.id }, 'routed');
    await until(() => call.services.queues.length(organisationId, g.id) === 1);
    const second = { ...call, id: 'call-second', leg: new (call.leg.constructor as new () => typeof call.leg)() };
    expect(await responseGroup.run(second, { type: 'responseGroup', responseGroupId: g.id }, 'routed')).toEqual({
      kind: 'next',
      destination: { type: 'busyTone' },
      cause: 'busy',
    });
    expect(second.leg.answers).toBe(0);
    call.abortController.abort('hangup');
  });

  it('keeps a caller waiting when no agent is logged in and the group says wait, and offers them to an agent who logs in', async () => {
    const g = await group({ queue: { whenNoAgents: 'wait' } }, [{ who: 'anna', loggedIn: false }]);
    void run(g);
    await until(() => call.media.playbacks.length === 1);
    expect(rung).toEqual([]);
    await store.responseGroups.setAgentLoggedIn(organisationId, g.id, users.anna, true);
    call.services.queues.settingsChanged(organisationId);
    await until(() => rung.length === 1);
    expect(whoRang()).toEqual(['<sip:2001@127.0.0.1>']);
    call.abortController.abort('hangup');
  });

  it('tells the call log the time waited in the queue, from joining to the answer', async () => {
    const g = await group();
    const result = run(g);
    await until(() => rung.length === 2);
    clock().advance(7000);
    answer(rung[0]!);
    expect(await result).toMatchObject({ kind: 'connected' });
    expect(call.notes).toContain('queueWait 7');
  });

  it('leaves the queue when the caller hangs up', async () => {
    const g = await group();
    const result = run(g);
    await until(() => call.services.queues.length(organisationId, g.id) === 1);
    call.abortController.abort('hangup');
    expect(await result).toEqual({ kind: 'end', cause: { by: 'caller' } });
    expect(call.services.queues.length(organisationId, g.id)).toBe(0);
  });
});

describe('a response group that no longer exists', () => {
  it('is refused with 404 without answering', async () => {
    expect(await responseGroup.run(call, { type: 'responseGroup', responseGroupId: 'gone' }, 'routed')).toMatchObject({
      kind: 'end',
      cause: { refusal: { status: 404 } },
    });
    expect(call.leg.answers).toBe(0);
  });
});
