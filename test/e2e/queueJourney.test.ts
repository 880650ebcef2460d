import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeG711, encodeG711, holdMusic } from '@vaxel/media';
import { positionPhrase } from '../../packages/switch/src/flow/queuePhrases.ts';
import { builtInGreeting, say } from '../../packages/switch/src/flow/voicemail/phrases.ts';
import { bestFit, matchPrompt, RtpCapture, speak } from '../../packages/switch/test/rtpCapture.ts';
import {
  freePort as peerPort,
  runSipp,
  startSipp,
  untilBound,
  type SippProcess,
} from '../../packages/switch/test/sipp.ts';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  operatorToken,
  pick,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * Issue 9's "done when", on a real `vaxel start`: the admin builds a response group in the
 * console (agents Astrid, then Erik; calls offered in order). While it is closed, a caller from
 * the carrier (sipp on the trunk's address) hears the closed message and then the group's
 * voicemail greeting. Open, a caller is answered by the switch, hears the position announcement
 * and then the music on hold (both checked as audio), shows in the group's live view as waiting
 * while Astrid's phone rings, and — Astrid not answering within her ring time — is answered by
 * Erik, the next agent in order. The call log has the queue wait, both agents offered and who
 * answered, and the console shows that way. (Every strategy, mobiles with press 1, callbacks
 * and the wallboard in Chromium have their own tests: packages/switch/test/distribution,
 * mobileAgent and callback tests, test/e2e/wallboard.test.ts.)
 */
const CLOSED_CALLER = '+46701113301';
const CALLER = '+46701113302';
const RING_SECONDS = 5;

let vaxel: Vaxel;
let browser: Browser;
let page: Page;
let api: { token: string; orgId: string };
let group: { id: string; number: string; name: string };
let astrid: { id: string; sipUsername: string; name: string };
let erik: { id: string; sipUsername: string; name: string };
const running: SippProcess[] = [];

const g711 = (samples: Int16Array) => decodeG711('PCMU', encodeG711('PCMU', samples));

/** The voice the switch's built-in Swedish prompts are spoken with. */
const SWEDISH = (() => {
  const prompt = say('sv', '');
  if (prompt.type !== 'tts') throw new Error('the switch speaks its own prompts by TTS');
  return prompt.language;
})();

/** Today's date in the organisation's time zone (the demo organisation is in Stockholm). */
function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

async function registeredPhone(
  user: { id: string; sipUsername: string },
  scenario: string,
  keys: Record<string, string> = {},
): Promise<SippProcess> {
  const sipPassword = `queue-journey-${user.sipUsername}-password`;
  expect(
    (await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/users/${user.id}`, { sipPassword })).status,
  ).toBe(200);
  const port = peerPort();
  const registered = await runSipp({
    scenario: 'register.xml',
    port,
    remotePort: vaxel.sipPort,
    service: user.sipUsername,
    username: user.sipUsername,
    password: sipPassword,
    keys: { expires: '300' },
  });
  expect(registered.code, registered.output + registered.errors).toBe(0);
  const phone = startSipp({
    scenario,
    port,
    service: user.sipUsername,
    keys: { rtpport: String(peerPort()), ...keys },
    pauseMs: 300,
    timeoutSeconds: 90,
  });
  running.push(phone);
  await untilBound(port);
  return phone;
}

const live = async () =>
  (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/response-groups/${group.id}/live`)).json;

beforeAll(async () => {
  vaxel = await startVaxel();
  api = await adminToken(vaxel.baseUrl);
  const trunk = await apiAs(vaxel.baseUrl, operatorToken, 'POST', '/operator/trunks', {
    name: 'Carrier',
    host: '127.0.0.1',
    port: peerPort(),
    inboundAddresses: ['127.0.0.2'],
  });
  expect(trunk.status, JSON.stringify(trunk.json)).toBe(201);
  astrid = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Astrid Lind');
  erik = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Erik Berg');
  browser = await launchBrowser(makeSpeechWav('Hej'));
  page = await newPage(browser, vaxel.baseUrl);
  await login(page);
}, 120_000);

afterAll(async () => {
  for (const phone of running) phone.kill();
  await browser?.close();
  await vaxel?.stop();
});

describe('a caller reaches a response group built in the console, waits with music and announcements, and the agent next in order answers', () => {
  it('the admin creates the group in the console with Astrid and Erik, calls offered in order', async () => {
    await page.getByRole('link', { name: 'Response groups' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New response group' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Kundtjänst');
    await form.getByRole('combobox', { name: 'Number' }).click();
    await page.getByRole('option').first().click();
    await form.getByRole('textbox', { name: 'Numeric ID' }).fill('33');
    await form.getByRole('combobox', { name: 'Agents' }).click();
    await page.getByRole('option', { name: 'Astrid Lind (101)' }).click();
    await page.getByRole('option', { name: 'Erik Berg (102)' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Kundtjänst/ }).waitFor();

    await page.getByRole('button', { name: 'Call distribution', exact: true }).click();
    const distribution = page.getByRole('region', { name: 'Call distribution', exact: true });
    await pick(page, 'Strategy', 'In order', distribution);
    await distribution.getByRole('textbox', { name: 'Ring time per agent (seconds)' }).fill(String(RING_SECONDS));
    await distribution.getByRole('textbox', { name: 'Wrap-up time after a call (seconds)' }).fill('0');
    await distribution.getByRole('button', { name: 'Save' }).click();

    const groups = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/response-groups`)).json as any[];
    await expect
      .poll(
        async () =>
          ((await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/response-groups`)).json as any[]).find(
            (g) => g.name === 'Kundtjänst',
          )?.settings.distribution,
      )
      .toMatchObject({ strategy: 'serial', ringSecondsPerAgent: RING_SECONDS, wrapUpSeconds: 0 });
    const created = groups.find((g) => g.name === 'Kundtjänst');
    group = { id: created.id, number: created.number, name: created.name };
    expect(created.agents.map((a: { userId: string }) => a.userId)).toEqual([astrid.id, erik.id]);
    expect(created.settings.queue.announcePosition).toBe(true);
  });

  it('while closed, plays the closed message, then the group’s voicemail greeting', async () => {
    const closedText = 'Kundtjänst har stängt just nu.';
    const closed = await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/response-groups/${group.id}`, {
      settings: {
        schedule: {
          openingHours: {
            openPeriods: [],
            exceptions: [{ date: localToday('Europe/Stockholm'), name: 'Stängt idag', openPeriods: [] }],
          },
          closedPrompt: { type: 'tts', text: closedText, language: SWEDISH },
          closedDestination: { type: 'voicemail' },
        },
      },
    });
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);
    const closedPrompt = await speak(closedText, SWEDISH);
    const greetingText = builtInGreeting('sv', group.name, 'responseGroup');
    const greeting = await speak(greetingText, SWEDISH);

    const rtpPort = peerPort();
    const ear = await RtpCapture.open(rtpPort, '127.0.0.2');
    try {
      // Time enough for the greeting's speech to be made after the closed message on a busy machine.
      const pauseMs = Math.round(((closedPrompt.length + greeting.length) * 1000) / 8000) + 6000;
      const run = await runSipp({
        scenario: 'trunk-inbound-call.xml',
        port: peerPort(),
        address: '127.0.0.2',
        remotePort: vaxel.sipPort,
        service: group.number,
        keys: { caller: CLOSED_CALLER, rtpport: String(rtpPort) },
        pauseMs,
        timeoutSeconds: 60,
      });
      expect(run.code, run.output + run.errors + vaxel.log()).toBe(0);
      const heard = ear.audio('PCMU');
      const first = matchPrompt(heard.subarray(0, closedPrompt.length + 4000), g711(closedPrompt));
      expect(first.envelopeCorrelation, 'the closed message').toBeGreaterThan(0.8);
      // The greeting follows once its speech is made (the first time it is said, on a busy machine, seconds).
      const atGreeting = bestFit(
        heard,
        g711(greeting).subarray(0, 8000 * 1.5),
        closedPrompt.length - 8000,
        heard.length,
        8,
      );
      expect(
        atGreeting.correlation,
        `the voicemail greeting after it (best match ${((atGreeting.at - closedPrompt.length) / 8000).toFixed(2)} s after the closed message)`,
      ).toBeGreaterThan(0.85);
    } finally {
      await ear.close();
    }
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=5`)).json.calls
            .find((c: any) => c.fromNumber === CLOSED_CALLER && c.endedAt)
            ?.path.map((s: any) => s.type),
        { timeout: 15_000 },
      )
      .toEqual(['responseGroup', 'voicemail']);
  }, 90_000);

  it('open: the caller hears the position and the music, waits while Astrid rings, and Erik — next in order — answers', async () => {
    const open = await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/response-groups/${group.id}`, {
      settings: { schedule: { openingHours: null } },
    });
    expect(open.status, JSON.stringify(open.json)).toBe(200);
    const astridsPhone = await registeredPhone(astrid, 'uas-ring-cancelled.xml');
    const eriksPhone = await registeredPhone(erik, 'uas-answer.xml');
    const announcement = g711(await speak(positionPhrase('sv', 1), SWEDISH));
    const music = g711(holdMusic());

    const rtpPort = peerPort();
    const ear = await RtpCapture.open(rtpPort, '127.0.0.2');
    try {
      const caller = startSipp({
        scenario: 'trunk-inbound-call.xml',
        port: peerPort(),
        address: '127.0.0.2',
        remotePort: vaxel.sipPort,
        service: group.number,
        keys: { caller: CALLER, rtpport: String(rtpPort) },
        pauseMs: (RING_SECONDS + 5) * 1000,
        timeoutSeconds: 60,
      });
      running.push(caller);
      // The supervisor's live view: the caller waits first in the queue while Astrid's phone rings.
      await expect
        .poll(
          async () => {
            const now = await live();
            return {
              waiting: now.queue.map((c: any) => [c.position, c.fromNumber]),
              astrid: now.agents.find((a: any) => a.userId === astrid.id)?.state,
            };
          },
          { timeout: 15_000 },
        )
        .toEqual({ waiting: [[1, CALLER]], astrid: 'ringing' });
      await expect
        .poll(async () => (await live()).agents.find((a: any) => a.userId === erik.id)?.state, { timeout: 20_000 })
        .toBe('onCall');
      expect((await live()).queue).toEqual([]);
      const run = await caller.done;
      expect(run.code, run.output + run.errors + vaxel.log()).toBe(0);
      expect((await astridsPhone.done).code).toBe(0);
      expect((await eriksPhone.done).code).toBe(0);

      const heard = ear.audio('PCMU');
      // Music from the answer on, the position announcement as soon as its speech is made, then the music where it had got to.
      const position = bestFit(heard, announcement, 0, 8000 * 3, 8);
      expect(position.correlation, 'the position announcement on joining').toBeGreaterThan(0.9);
      const musicFrom = position.at + announcement.length;
      const resumed = bestFit(music, heard.subarray(musicFrom + 400, musicFrom + 400 + 8000), 0, 8000 * 3, 4);
      expect(resumed.correlation, 'the music on hold after it').toBeGreaterThan(0.85);
      if (position.at > 8000 * 0.5) {
        const before = bestFit(heard, music.subarray(0, 2000), 0, 800, 4);
        expect(before.correlation, 'the music while the announcement was being made').toBeGreaterThan(0.85);
      }
    } finally {
      await ear.close();
    }

    let record: any;
    await expect
      .poll(
        async () => {
          record = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=5`)).json.calls.find(
            (c: any) => c.fromNumber === CALLER && c.endedAt,
          );
          return record?.outcome;
        },
        { timeout: 15_000 },
      )
      .toBe('answered');
    expect(record).toMatchObject({
      direction: 'inbound',
      toNumber: group.number,
      responseGroupId: group.id,
      answeredByUserId: erik.id,
    });
    expect(record.waitSeconds).toBeGreaterThanOrEqual(RING_SECONDS);
    // Talk runs from Erik's answer: the caller hung up ${RING_SECONDS + 5} s after the switch answered them.
    expect(record.talkSeconds).toBeLessThanOrEqual(RING_SECONDS + 5 - record.waitSeconds + 1);
    expect(record.talkSeconds).toBeGreaterThan(0);
    expect(record.path.map((s: any) => `${s.type}:${s.name}`)).toEqual([
      'responseGroup:Kundtjänst',
      `agentOffered:${astrid.name}`,
      `agentOffered:${erik.name}`,
      `user:${erik.name}`,
    ]);
  }, 120_000);

  it('shows that way in the console’s call log', async () => {
    await page.getByRole('link', { name: 'Call log' }).click();
    await page
      .getByRole('link', { name: /^Details of the call/ })
      .first()
      .click();
    const journey = page.getByRole('list', { name: 'The way the call took' });
    await expect
      .poll(() => journey.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringMatching(new RegExp(`^Number dialled · .*\\${group.number}$`)),
        expect.stringMatching(/^Response group · .*Kundtjänst$/),
        expect.stringMatching(new RegExp(`^Rang · .*${astrid.name}$`)),
        expect.stringMatching(new RegExp(`^Rang · .*${erik.name}$`)),
        expect.stringMatching(new RegExp(`^User · .*${erik.name}$`)),
      ]);
  });
});
