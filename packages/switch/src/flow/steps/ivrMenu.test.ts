import { defaultIvrAdvancedSettings, type IvrMenu, type Prompt } from '@vaxel/domain';
import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { FakeCallMedia } from '../fakes.ts';
import { FakeCallLog, FakeLogger, FakePromptAudio } from '../fakeServices.ts';
import { EXTENSION_INTER_DIGIT_MS, ivrMenu, MAX_MENU_VISITS, type MenuCall, type MenuDirectory } from './ivrMenu.ts';

const tts = (text: string): Prompt => ({ type: 'tts', text, language: 'en-GB' });
const clip = (text: string) => FakePromptAudio.clipOf(text);
const WELCOME = 'Welcome to Acme.';
const CHOICES = 'Press 1 for sales, 2 for support.';
const SUPPORT = 'Support: press 1 for billing.';
const CLOSED = 'We are closed.';
const NOT_VALID = 'That is not a valid choice.';

// Wednesday 2 December 2026, 10:00 UTC = 11:00 in Stockholm.
const WEDNESDAY_11_STOCKHOLM = Date.parse('2026-12-02T10:00:00Z');

function mainMenu(change: Partial<IvrMenu> = {}, advanced: Partial<IvrMenu['advanced']> = {}): IvrMenu {
  return {
    id: 'menu-main',
    organisationId: 'org-1',
    name: 'Main',
    number: '+46812300050',
    billingNumber: null,
    prompts: [tts(WELCOME), tts(CHOICES)],
    keys: {
      '1': { type: 'user', userId: 'user-sales' },
      '2': { type: 'ivrMenu', ivrMenuId: 'menu-support' },
      '9': { type: 'repeatMenu' },
    },
    openingHours: null,
    closedPrompt: tts(CLOSED),
    closedDestination: { type: 'voicemail', owner: { type: 'user', userId: 'user-reception' } },
    advanced: {
      ...defaultIvrAdvancedSettings('en'),
      inputTimeoutSeconds: 5,
      maxRetries: 2,
      noInputDestination: { type: 'user', userId: 'user-reception' },
      invalidKeyDestination: { type: 'hangup' },
      ...advanced,
    },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...change,
  };
}

const supportMenu: IvrMenu = {
  ...mainMenu(),
  id: 'menu-support',
  name: 'Support',
  number: null,
  prompts: [tts(SUPPORT)],
  keys: { '1': { type: 'externalNumber', number: '+46855500001' }, '*': { type: 'ivrMenu', ivrMenuId: 'menu-main' } },
};

class FakeMenuDirectory implements MenuDirectory {
  readonly menus = new Map<string, IvrMenu>();
  timeZone = 'Europe/Stockholm';
  users = [
    { id: 'user-100', extension: '100' },
    { id: 'user-1002', extension: '1002' },
    { id: 'user-2001', extension: '2001' },
  ];
  async ivrMenu(_organisationId: string, id: string) {
    return this.menus.get(id) ?? null;
  }
  async organisation() {
    return { timeZone: this.timeZone };
  }
  async numberDirectory() {
    return { users: this.users };
  }
}

function setUp(menus: IvrMenu[] = [mainMenu(), supportMenu]) {
  const media = new FakeCallMedia();
  const clock = new FakeClock(WEDNESDAY_11_STOCKHOLM);
  const prompts = new FakePromptAudio();
  const logger = new FakeLogger();
  const log = new FakeCallLog();
  const directory = new FakeMenuDirectory();
  for (const m of menus) directory.menus.set(m.id, m);
  const hangUp = new AbortController();
  const call: MenuCall = {
    organisationId: 'org-1',
    media,
    abort: hangUp.signal,
    log,
    services: { prompts, logger, clock, directory },
  };
  const run = (ivrMenuId = 'menu-main') => ivrMenu.run(call, { type: 'ivrMenu', ivrMenuId }, 'routed');
  /** The playback the step started last, once it has started `count` of them. */
  const playback = async (count: number) => {
    await until(() => media.playbacks.length === count);
    return media.playbacks[count - 1]!;
  };
  /** Lets the step reach its wait for a key, then lets the wait run out. */
  const waitOut = async (ms: number) => {
    await until(() => clock.pendingTimers === 1);
    clock.advance(ms);
  };
  return { media, clock, prompts, logger, log, directory, hangUp, call, run, playback, waitOut };
}

/** Waits (a bounded number of event-loop turns, no timer) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('an open IVR menu', () => {
  it('plays its prompts in order as one playback a key may stop, then takes the key to its destination', async () => {
    const { media, log, run, playback } = setUp();
    const result = run();
    const prompt = await playback(1);
    expect(prompt.request).toEqual({ clips: [clip(WELCOME), clip(CHOICES)], bargeIn: true });
    prompt.end({ reason: 'finished' });
    await until(() => true);
    media.press('1');
    await expect(result).resolves.toEqual({
      kind: 'next',
      destination: { type: 'user', userId: 'user-sales' },
      cause: 'routed',
    });
    expect(log.ivrMenus).toEqual(['menu-main']);
    expect(log.words).toEqual(['ivrMenu:Main', 'key:1']);
  });

  it('takes a key pressed during the prompt at once (barge-in), without waiting for the input timeout', async () => {
    const { media, clock, run, playback } = setUp();
    const result = run();
    const prompt = await playback(1);
    media.press('1');
    expect(prompt.ended).toBe(true);
    await expect(result).resolves.toMatchObject({ kind: 'next', destination: { type: 'user', userId: 'user-sales' } });
    expect(clock.pendingTimers).toBe(0);
  });

  it('waits the input timeout from the end of the prompts, not from their start', async () => {
    const { media, clock, run, playback } = setUp();
    const result = run();
    const prompt = await playback(1);
    clock.advance(20_000); // a long prompt
    prompt.end({ reason: 'finished' });
    await until(() => clock.pendingTimers === 1);
    clock.advance(4_999);
    media.press('1');
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-sales' } });
  });

  it('passes the cause it was reached with on to the destination (a menu after an unanswered call)', async () => {
    const { media, call } = setUp();
    const result = ivrMenu.run(call, { type: 'ivrMenu', ivrMenuId: 'menu-main' }, 'unanswered');
    media.press('1');
    await expect(result).resolves.toMatchObject({ kind: 'next', cause: 'unanswered' });
  });

  it('skips a prompt that is unavailable and plays the rest, saying so in the log', async () => {
    const { prompts, logger, run, playback, media } = setUp([
      mainMenu({ prompts: [{ type: 'audioFile', audioFileId: 'gone' }, tts(CHOICES)] }),
    ]);
    prompts.missing.add('gone');
    const result = run();
    expect((await playback(1)).request.clips).toEqual([clip(CHOICES)]);
    media.press('1');
    await result;
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'prompt unavailable, not played' }),
    );
  });
});

describe('no input and invalid keys (R23)', () => {
  it('plays the menu again after no input, up to maxRetries times, then goes to the no-input destination', async () => {
    const { media, run, playback, waitOut } = setUp();
    const result = run();
    for (let play = 1; play <= 3; play++) {
      const prompt = await playback(play);
      expect(prompt.request.clips).toEqual([clip(WELCOME), clip(CHOICES)]);
      prompt.end({ reason: 'finished' });
      await waitOut(5000);
    }
    await expect(result).resolves.toEqual({
      kind: 'next',
      destination: { type: 'user', userId: 'user-reception' },
      cause: 'routed',
    });
    expect(media.playbacks).toHaveLength(3);
  });

  it('says an invalid key is not a valid choice and plays the menu again, then after maxRetries goes to the invalid-key destination', async () => {
    const { media, log, run, playback } = setUp();
    const result = run();
    for (let play = 1; play <= 3; play++) {
      const prompt = await playback(play);
      const expected = play === 1 ? [clip(WELCOME), clip(CHOICES)] : [clip(NOT_VALID), clip(WELCOME), clip(CHOICES)];
      expect(prompt.request.clips).toEqual(expected);
      media.press('7');
    }
    await expect(result).resolves.toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'routed' });
    expect(log.words).toEqual(['ivrMenu:Main']);
  });

  it('speaks “not a valid choice” in the menu’s TTS language', async () => {
    const { media, prompts, run, playback } = setUp([mainMenu({}, { ttsLanguage: 'sv-SE' })]);
    const result = run();
    await playback(1);
    media.press('7');
    await playback(2);
    expect(prompts.requested).toContainEqual({ type: 'tts', text: 'Det valet finns inte.', language: 'sv-SE' });
    media.press('1');
    await result;
  });

  it('lets the last failure decide: invalid keys then silence end at the no-input destination', async () => {
    const { media, run, playback, waitOut } = setUp();
    const result = run();
    await playback(1);
    media.press('7');
    await playback(2);
    media.press('8');
    (await playback(3)).end({ reason: 'finished' });
    await waitOut(5000);
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-reception' } });
  });

  it('with maxRetries 0 goes to the destination after the first failure', async () => {
    const { run, playback, waitOut } = setUp([mainMenu({}, { maxRetries: 0 })]);
    const result = run();
    (await playback(1)).end({ reason: 'finished' });
    await waitOut(5000);
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-reception' } });
  });

  it('forgets keys pressed right after an invalid one (they belong to the mistaken entry)', async () => {
    const { media, run, playback } = setUp();
    const result = run();
    await playback(1);
    media.press('7');
    media.press('1');
    const second = await playback(2);
    expect(second.ended).toBe(false);
    media.press('1');
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-sales' } });
  });
});

describe('repeat and nested menus (R21)', () => {
  it('plays the menu again on a repeat key, recording the key but not a second entry into the menu', async () => {
    const { media, log, run, playback } = setUp();
    const result = run();
    await playback(1);
    media.press('9');
    const again = await playback(2);
    expect(again.request.clips).toEqual([clip(WELCOME), clip(CHOICES)]);
    media.press('1');
    await result;
    expect(log.words).toEqual(['ivrMenu:Main', 'key:9', 'key:1']);
  });

  it('walks into a nested menu and back, recording each menu and key in the path; the call log keeps the first menu', async () => {
    const { media, log, run, playback } = setUp();
    const result = run();
    await playback(1);
    media.press('2');
    expect((await playback(2)).request.clips).toEqual([clip(SUPPORT)]);
    media.press('*');
    expect((await playback(3)).request.clips).toEqual([clip(WELCOME), clip(CHOICES)]);
    media.press('2');
    await playback(4);
    media.press('1');
    await expect(result).resolves.toEqual({
      kind: 'next',
      destination: { type: 'externalNumber', number: '+46855500001' },
      cause: 'routed',
    });
    expect(log.words).toEqual([
      'ivrMenu:Main',
      'key:2',
      'ivrMenu:Support',
      'key:*',
      'ivrMenu:Main',
      'key:2',
      'ivrMenu:Support',
      'key:1',
    ]);
    expect(log.ivrMenus).toEqual(['menu-main']);
  });

  it('gives its own retries to a nested menu', async () => {
    const { media, run, playback, waitOut } = setUp();
    const result = run();
    await playback(1);
    media.press('7'); // a failure in the main menu
    await playback(2);
    media.press('2');
    for (let play = 3; play <= 5; play++) {
      (await playback(play)).end({ reason: 'finished' });
      await waitOut(5000);
    }
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-reception' } });
  });

  it('takes a key pressed ahead during the parent’s prompt as the nested menu’s choice, without playing it', async () => {
    const { media, run, playback } = setUp();
    const result = run();
    await playback(1);
    media.press('2');
    media.press('1');
    await expect(result).resolves.toMatchObject({ destination: { type: 'externalNumber', number: '+46855500001' } });
    expect(media.playbacks).toHaveLength(1);
  });

  it('ends the call as failed when a menu no longer exists', async () => {
    const { run } = setUp([]);
    await expect(run()).resolves.toEqual({
      kind: 'end',
      cause: { by: 'failure', detail: 'IVR menu menu-main no longer exists' },
    });
  });

  it('hangs up, with a warning, when settings send the call round in a circle of menus', async () => {
    const looping = mainMenu({
      openingHours: { openPeriods: [], exceptions: [] },
      closedPrompt: null,
      closedDestination: { type: 'repeatMenu' },
    });
    const { logger, run } = setUp([looping]);
    await expect(run()).resolves.toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'routed' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'IVR menus lead round in a circle; hanging up',
        details: expect.objectContaining({ visits: MAX_MENU_VISITS }),
      }),
    );
  });
});

describe('opening hours (R22, R75)', () => {
  const weekdays = (open: string, close: string) =>
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open, close }));

  it('plays the closed prompt to the end and goes to the closed destination outside the weekly hours', async () => {
    const { media, log, run, playback } = setUp([
      mainMenu({ openingHours: { openPeriods: weekdays('13:00', '17:00'), exceptions: [] } }),
    ]);
    const result = run();
    const closed = await playback(1);
    expect(closed.request).toEqual({ clips: [clip(CLOSED)], bargeIn: false });
    media.press('1');
    expect(closed.ended).toBe(false);
    closed.end({ reason: 'finished' });
    await expect(result).resolves.toEqual({
      kind: 'next',
      destination: { type: 'voicemail', owner: { type: 'user', userId: 'user-reception' } },
      cause: 'routed',
    });
    expect(log.words).toEqual(['ivrMenu:Main']);
  });

  it('reads the hours in the organisation’s time zone: 10:00 UTC is 11:00 in Stockholm, inside 11–12', async () => {
    const { media, run, playback } = setUp([
      mainMenu({ openingHours: { openPeriods: weekdays('11:00', '12:00'), exceptions: [] } }),
    ]);
    const result = run();
    expect((await playback(1)).request.clips).toEqual([clip(WELCOME), clip(CHOICES)]);
    media.press('1');
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-sales' } });
  });

  it('is closed at the same instant in a time zone where it is outside the hours', async () => {
    const { directory, run, playback } = setUp([
      mainMenu({ openingHours: { openPeriods: weekdays('11:00', '12:00'), exceptions: [] } }),
    ]);
    directory.timeZone = 'America/New_York'; // 05:00 there
    const result = run();
    (await playback(1)).end({ reason: 'finished' });
    await expect(result).resolves.toMatchObject({ destination: { type: 'voicemail' } });
  });

  it('is closed on a dated exception (a holiday) although the weekly hours say open', async () => {
    const holiday = { date: '2026-12-02', name: 'Staff day', openPeriods: [] };
    const { run, playback } = setUp([
      mainMenu({ openingHours: { openPeriods: weekdays('08:00', '17:00'), exceptions: [holiday] } }),
    ]);
    const result = run();
    expect((await playback(1)).request.clips).toEqual([clip(CLOSED)]);
    (await playback(1)).end({ reason: 'finished' });
    await expect(result).resolves.toMatchObject({ destination: { type: 'voicemail' } });
  });

  it('goes straight to the closed destination when there is no closed prompt', async () => {
    const { media, run } = setUp([
      mainMenu({
        openingHours: { openPeriods: [], exceptions: [] },
        closedPrompt: null,
        closedDestination: { type: 'ivrMenu', ivrMenuId: 'menu-support' },
      }),
      supportMenu,
    ]);
    const result = run();
    await until(() => media.playbacks.length === 1);
    expect(media.playbacks[0]!.request.clips).toEqual([clip(SUPPORT)]);
    media.press('1');
    await expect(result).resolves.toMatchObject({ destination: { type: 'externalNumber' } });
  });
});

describe('dialling an extension directly (R23)', () => {
  const dialling = (keys?: IvrMenu['keys']) => [
    mainMenu({ ...(keys ? { keys } : {}) }, { allowExtensionDialling: true }),
  ];

  it('rings the user whose extension the caller dials, as soon as no longer extension could follow', async () => {
    const { media, clock, log, run, playback } = setUp(dialling());
    const result = run();
    await playback(1);
    for (const d of ['2', '0', '0', '1'] as const) media.press(d);
    await expect(result).resolves.toEqual({
      kind: 'next',
      destination: { type: 'user', userId: 'user-2001' },
      cause: 'routed',
    });
    expect(clock.pendingTimers).toBe(0);
    expect(log.words).toEqual(['ivrMenu:Main', 'key:2001']);
  });

  it('ends an extension with # when a longer one begins the same way', async () => {
    const { media, run, playback } = setUp(dialling());
    const result = run();
    await playback(1);
    for (const d of ['1', '0', '0', '#'] as const) media.press(d);
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-100' } });
  });

  it('ends an extension after the inter-digit pause', async () => {
    const { media, clock, run, playback } = setUp(dialling());
    const result = run();
    await playback(1);
    for (const d of ['1', '0', '0'] as const) media.press(d);
    await until(() => clock.pendingTimers === 1);
    clock.advance(EXTENSION_INTER_DIGIT_MS);
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-100' } });
  });

  it('takes a key that also begins extensions as the key after the inter-digit pause', async () => {
    const { media, clock, run, playback } = setUp(dialling());
    const result = run();
    await playback(1);
    media.press('1');
    await until(() => clock.pendingTimers === 1);
    clock.advance(EXTENSION_INTER_DIGIT_MS);
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-sales' } });
  });

  it('counts an extension nobody has as an invalid key', async () => {
    const { media, run, playback } = setUp([mainMenu({}, { allowExtensionDialling: true, maxRetries: 0 })]);
    const result = run();
    await playback(1);
    for (const d of ['2', '0', '0', '9'] as const) media.press(d);
    await expect(result).resolves.toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'routed' });
  });

  it('does not ring extensions when the menu does not allow it', async () => {
    const { media, run, playback } = setUp([
      mainMenu({ keys: { '1': { type: 'user', userId: 'user-sales' } } }, { maxRetries: 0 }),
    ]);
    const result = run();
    await playback(1);
    for (const d of ['2', '0', '0', '1'] as const) media.press(d);
    await expect(result).resolves.toEqual({ kind: 'next', destination: { type: 'hangup' }, cause: 'routed' });
  });

  it('still takes # as the # key when it is pressed first', async () => {
    const { media, run, playback } = setUp(dialling({ '#': { type: 'user', userId: 'user-operator' } }));
    const result = run();
    await playback(1);
    media.press('#');
    await expect(result).resolves.toMatchObject({ destination: { type: 'user', userId: 'user-operator' } });
  });
});

describe('a caller who hangs up', () => {
  it('during the prompts ends the step as the caller’s end', async () => {
    const { hangUp, run, playback } = setUp();
    const result = run();
    await playback(1);
    hangUp.abort('caller');
    await expect(result).resolves.toEqual({ kind: 'end', cause: { by: 'caller' } });
  });

  it('while the menu waits for a key ends the step at once, leaving no timer', async () => {
    const { clock, hangUp, run, playback } = setUp();
    const result = run();
    (await playback(1)).end({ reason: 'finished' });
    await until(() => clock.pendingTimers === 1);
    hangUp.abort('caller');
    await expect(result).resolves.toEqual({ kind: 'end', cause: { by: 'caller' } });
    expect(clock.pendingTimers).toBe(0);
  });

  it('because the switch stops ends the step as a shutdown', async () => {
    const { hangUp, run, playback } = setUp();
    const result = run();
    await playback(1);
    hangUp.abort('shutdown');
    await expect(result).resolves.toEqual({ kind: 'end', cause: { by: 'shutdown' } });
  });

  it('during the closed prompt ends the step as the caller’s end', async () => {
    const { hangUp, run, playback } = setUp([mainMenu({ openingHours: { openPeriods: [], exceptions: [] } })]);
    const result = run();
    await playback(1);
    hangUp.abort('caller');
    await expect(result).resolves.toEqual({ kind: 'end', cause: { by: 'caller' } });
  });
});
