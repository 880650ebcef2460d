import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  digitToEvent,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  goertzelPower,
  parseWav,
  TelephoneEvent,
  tone,
  wavSamples,
} from '@vaxel/media';
import { builtInGreeting } from '../../packages/switch/src/flow/voicemail/phrases.ts';
import { BEEP } from '../../packages/switch/src/flow/steps/voicemail.ts';
import { pcapOf, type PcapRtp } from '../../packages/switch/test/dtmfPcap.ts';
import { freePort as peerPort, runSipp, startSipp, untilBound } from '../../packages/switch/test/sipp.ts';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  operatorToken,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * The "done when", as one journey on a real `vaxel start`: the admin builds an IVR menu
 * in the console; a caller from the carrier (sipp on the trunk's address) hears it, presses 1
 * and reaches the admin, who has no phone on; the caller leaves voicemail; the admin plays it in
 * the console and by phone (*98), where a key deletes it. Key 2 of the same menu reaches a
 * colleague who answers, and that call is recorded by the organisation's policy (both parties
 * each in a channel are shown by packages/switch/test/recording.test.ts). The call log
 * shows both paths.
 */
const CALLER = '+46701112233';
const MESSAGE_HZ = 1000;
const OTHER_HZ = 1209;

let vaxel: Vaxel;
let browser: Browser;
let page: Page;
let api: { token: string; orgId: string };
let menuNumber: string;
const tts = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter({}) });

/** Milliseconds the switch's built-in voicemail greeting for `name` lasts, and its beep. */
async function greetingMs(name: string): Promise<number> {
  const spoken = wavSamples(parseWav((await tts.synthesize(builtInGreeting('sv', name, 'user'), 'sv-SE')).wav));
  return ((spoken.length + BEEP.length) * 1000) / 8000;
}

/**
 * What the caller sends, as one RTP stream (one SSRC, one sequence) in a pcap for sipp: silence,
 * key `digit` as RFC 4733 events at `keyAtMs` (in place of audio, as phones do), then silence
 * until `toneAtMs` and a tone of `toneMs`.
 */
function callerStream(digit: string, keyAtMs: number, toneAtMs: number, toneMs: number, hz: number): Buffer {
  const audio = new Int16Array(Math.round(((toneAtMs + toneMs + 500) * 8000) / 1000));
  audio.set(tone({ frequencies: [hz], durationMs: toneMs, amplitude: 0.3 }), Math.round((toneAtMs * 8000) / 1000));
  const pcmu = encodeG711('PCMU', audio);
  const packets: PcapRtp[] = [];
  let sequenceNumber = 100;
  const keyFrames = 6;
  const keyFrom = Math.round(keyAtMs / 20);
  for (let frame = 0; frame * 160 < pcmu.length; frame++) {
    const atMs = frame * 20;
    if (frame >= keyFrom && frame < keyFrom + keyFrames) {
      const index = frame - keyFrom + 1;
      const end = index === keyFrames;
      for (let copy = 0; copy < (end ? 3 : 1); copy++) {
        const payload = TelephoneEvent.create({
          event: digitToEvent(digit),
          end,
          volume: 10,
          duration: index * 160,
        }).bytes;
        packets.push({
          atMs: atMs + copy * 2,
          payloadType: 101,
          marker: index === 1 && copy === 0,
          sequenceNumber: sequenceNumber++,
          timestamp: keyFrom * 160,
          payload: new Uint8Array(payload),
        });
      }
      continue;
    }
    packets.push({
      atMs,
      payloadType: 0,
      marker: false,
      sequenceNumber: sequenceNumber++,
      timestamp: frame * 160,
      payload: pcmu.subarray(frame * 160, frame * 160 + 160),
    });
  }
  return pcapOf(packets);
}

/** The longest stretch (in samples) where `hz` dominates, in 20 ms blocks. */
function toneSamples(samples: Int16Array, hz: number): number {
  let found = 0;
  for (let i = 0; i + 160 <= samples.length; i += 160) {
    const block = samples.subarray(i, i + 160);
    let energy = 0;
    for (const s of block) energy += s * s;
    if (energy / 160 > 100 * 100 && (2 * goertzelPower(block, hz, 8000)) / (energy * 160) > 0.5) found += 160;
  }
  return found;
}

beforeAll(async () => {
  vaxel = await startVaxel();
  api = await adminToken(vaxel.baseUrl);
  // The carrier: calls come from 127.0.0.2; nothing here calls out.
  const trunk = await apiAs(vaxel.baseUrl, operatorToken, 'POST', '/operator/trunks', {
    name: 'Carrier',
    host: '127.0.0.1',
    port: peerPort(),
    inboundAddresses: ['127.0.0.2'],
  });
  expect(trunk.status, JSON.stringify(trunk.json)).toBe(201);
  const policy = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/recording-policies`, {
    scope: { type: 'organisation' },
    mode: 'always',
  });
  expect(policy.status, JSON.stringify(policy.json)).toBe(201);
  browser = await launchBrowser(makeSpeechWav('Hej'));
  page = await newPage(browser, vaxel.baseUrl);
  await login(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vaxel?.stop();
});

describe('a caller walks an IVR menu built in the console, leaves voicemail, and is recorded when answered', () => {
  let admin: { id: string; sipUsername: string; extension: string; name: string };
  let erik: { id: string; sipUsername: string };
  let menuId: string;

  it('the admin builds the menu in the console: key 1 to herself, key 2 to Erik', async () => {
    admin = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Demo Admin');
    erik = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Erik Berg');
    await page.getByRole('link', { name: 'IVR menus' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New IVR menu' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Växel');
    await form.getByRole('combobox', { name: 'Number callers ring' }).click();
    await page.getByRole('option', { name: /^\+46/ }).first().click();
    await form
      .getByRole('textbox', { name: 'Message 1: Text to speak' })
      .fill('Välkommen. Tryck 1 för receptionen, 2 för Erik.');
    for (const [key, name] of [
      ['1', 'Demo Admin (100)'],
      ['2', 'Erik Berg (102)'],
    ] as const) {
      await form.getByRole('checkbox', { name: `Use key ${key}` }).check();
      await form.getByRole('combobox', { name: `Key ${key}`, exact: true }).click();
      await page.getByRole('option', { name: 'User', exact: true }).click();
      await form.getByRole('combobox', { name: `Key ${key}: User` }).click();
      await page.getByRole('option', { name }).click();
    }
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Växel/ }).waitFor();
    const [menu] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/ivr-menus`)).json;
    menuId = menu.id;
    menuNumber = menu.number;
    expect(menu.keys).toEqual({ '1': { type: 'user', userId: admin.id }, '2': { type: 'user', userId: erik.id } });
  });

  it('takes the caller through key 1 to the admin’s voicemail, where the message is what the caller said', async () => {
    const keyAtMs = 1500;
    const toneAtMs = keyAtMs + 500 + (await greetingMs(admin.name)) + 1000;
    const toneMs = 3000;
    const caller = await runSipp({
      scenario: 'trunk-inbound-voicemail.xml',
      port: peerPort(),
      address: '127.0.0.2',
      remotePort: vaxel.sipPort,
      service: menuNumber,
      keys: { caller: CALLER },
      pauseMs: toneAtMs + toneMs + 1500,
      extra: ['-mp', String(peerPort())],
      files: { 'audio.pcap': callerStream('1', keyAtMs, toneAtMs, toneMs, MESSAGE_HZ) },
      timeoutSeconds: 90,
    });
    expect(caller.code, caller.output + caller.errors + vaxel.log()).toBe(0);

    const box = `user-${admin.id}`;
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/voicemail-boxes/${box}/messages`)).json
            .length,
        { timeout: 10_000 },
      )
      .toBe(1);
    const [message] = (
      await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/voicemail-boxes/${box}/messages`)
    ).json;
    expect(message).toMatchObject({ fromNumber: CALLER, read: false });
    const audio = await fetch(
      `${vaxel.baseUrl}/api/v1/orgs/${api.orgId}/voicemail-boxes/${box}/messages/${message.id}/audio`,
      { headers: { Authorization: `Bearer ${api.token}` } },
    );
    expect(audio.status).toBe(200);
    const kept = wavSamples(parseWav(new Uint8Array(await audio.arrayBuffer())));
    // The caller's tone is in the message, nearly all of it (G.711 both ways), and little else.
    expect(toneSamples(kept, MESSAGE_HZ)).toBeGreaterThan(((toneMs - 400) * 8000) / 1000);
    expect(toneSamples(kept, OTHER_HZ)).toBe(0);

    const calls = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=1`)).json.calls;
    expect(calls[0]).toMatchObject({
      direction: 'inbound',
      fromNumber: CALLER,
      toNumber: menuNumber,
      ivrMenuId: menuId,
      outcome: 'voicemail',
    });
    expect(calls[0].path.map((step: { type: string }) => step.type)).toEqual(['ivrMenu', 'key', 'user', 'voicemail']);
  });

  it('shows the message in the admin’s voicemail inbox, which plays it', async () => {
    await page.getByRole('link', { name: 'Voicemail' }).click();
    const fresh = page.getByRole('region', { name: 'New messages' });
    await fresh.getByText(CALLER).first().waitFor();
    const handle = await fresh.locator('audio').first().elementHandle();
    const duration = await page.evaluate(async (element) => {
      const audio = element as HTMLAudioElement;
      audio.muted = true;
      await audio.play();
      await new Promise<void>((resolve) => audio.addEventListener('ended', () => resolve(), { once: true }));
      return audio.duration;
    }, handle);
    expect(duration).toBeGreaterThan(2.5);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the way the call took in the call log', async () => {
    await page.getByRole('link', { name: 'Call log' }).click();
    await page
      .getByRole('link', { name: /^Details of the call/ })
      .first()
      .click();
    const journey = page.getByRole('list', { name: 'The way the call took' });
    await expect
      .poll(() => journey.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringMatching(new RegExp(`^Number dialled · .*\\${menuNumber}$`)),
        expect.stringMatching(/^IVR menu · .*Växel$/),
        expect.stringMatching(/^Key pressed · .*1$/),
        expect.stringMatching(/^User · .*Demo Admin$/),
        expect.stringMatching(/^Voicemail · /),
      ]);
  });

  it('lets the admin hear the message by phone with *98 and delete it with a key', async () => {
    const sipPassword = 'journey-admin-sip-password';
    expect(
      (await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/users/${admin.id}`, { sipPassword })).status,
    ).toBe(200);
    const listening = await runSipp({
      scenario: 'uac-voicemail-key.xml',
      port: peerPort(),
      remotePort: vaxel.sipPort,
      service: '*98',
      username: admin.sipUsername,
      password: sipPassword,
      keys: { caller: admin.sipUsername, rtpport: String(peerPort()), key: '3' },
      pauseMs: 2000,
      timeoutSeconds: 60,
    });
    expect(listening.code, listening.output + listening.errors).toBe(0);
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/voicemail-boxes/user-${admin.id}/messages`))
            .json.length,
        { timeout: 10_000 },
      )
      .toBe(0);
  });

  it('records the call key 2 puts through to Erik, who answers, by the organisation’s policy', async () => {
    const sipPassword = 'journey-erik-sip-password';
    expect(
      (await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/users/${erik.id}`, { sipPassword })).status,
    ).toBe(200);
    const erikPort = peerPort();
    const registered = await runSipp({
      scenario: 'register.xml',
      port: erikPort,
      remotePort: vaxel.sipPort,
      service: erik.sipUsername,
      username: erik.sipUsername,
      password: sipPassword,
      keys: { expires: '300' },
    });
    expect(registered.code, registered.output + registered.errors).toBe(0);
    const phone = startSipp({
      scenario: 'uas-answer.xml',
      port: erikPort,
      service: erik.sipUsername,
      keys: { rtpport: String(peerPort()) },
      pauseMs: 300,
      timeoutSeconds: 60,
    });
    await untilBound(erikPort);
    const caller = await runSipp({
      scenario: 'trunk-inbound-voicemail.xml',
      port: peerPort(),
      address: '127.0.0.2',
      remotePort: vaxel.sipPort,
      service: menuNumber,
      keys: { caller: CALLER },
      pauseMs: 16_000,
      extra: ['-mp', String(peerPort())],
      files: { 'audio.pcap': callerStream('2', 1500, 3000, 12_000, MESSAGE_HZ) },
      timeoutSeconds: 60,
    });
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await phone.done).code).toBe(0);

    const [call] = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=1`)).json.calls;
    expect(call).toMatchObject({ fromNumber: CALLER, answeredByUserId: erik.id, outcome: 'answered' });
    expect(call.path.map((step: { type: string }) => step.type)).toEqual(['ivrMenu', 'key', 'user']);
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=1`)).json.calls[0].recordingId,
        { timeout: 10_000 },
      )
      .toEqual(expect.any(String));
    const recordingId = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/calls?limit=1`)).json.calls[0]
      .recordingId;
    const wav = await fetch(`${vaxel.baseUrl}/api/v1/orgs/${api.orgId}/recordings/${recordingId}/content`, {
      headers: { Authorization: `Bearer ${api.token}` },
    });
    expect(wav.status).toBe(200);
    const parsed = parseWav(new Uint8Array(await wav.arrayBuffer()));
    expect(parsed.channels).toBe(2);
    const frames = wavSamples(parsed);
    const channel = (c: number) => frames.filter((_, i) => i % 2 === c);
    // The caller's side of the talk is in the caller's channel (left) for seconds; Erik's phone
    // (sipp) says nothing, and the right channel has no caller in it.
    expect(toneSamples(channel(0), MESSAGE_HZ)).toBeGreaterThan(3 * 8000);
    expect(toneSamples(channel(1), MESSAGE_HZ)).toBe(0);
  });
});
