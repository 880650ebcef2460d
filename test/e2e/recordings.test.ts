import { join } from 'node:path';
import { concatPcm, pcm16Wav, tone } from '@vaxel/media';
import { createDiskFileStore, fileKeys, openStore, type Store } from '@vaxel/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStoreFolder } from '../../apps/vaxel/src/config.ts';
import {
  admin,
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  type Vaxel,
} from './harness.ts';

/**
 * R57, R58: a recording the switch would have made (seeded through the store and the file store
 * of the running `vaxel start`) plays on the recordings page and in the call-log detail, and the
 * call's journey renders its path, in English and Swedish.
 */
const seconds = 4;
/** Stereo like the switch records: the caller's 697 Hz left, the callee's 1209 Hz right. */
function stereoTones(): Buffer {
  const left = tone({ frequencies: [697], durationMs: seconds * 1000 });
  const right = tone({ frequencies: [1209], durationMs: seconds * 1000 });
  const interleaved = new Int16Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    interleaved[2 * i] = left[i]!;
    interleaved[2 * i + 1] = right[i]!;
  }
  return Buffer.from(pcm16Wav(concatPcm(interleaved), 8000, 2));
}

describe('Recordings and the call-log detail in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let store: Store;
  let api: { token: string; orgId: string };
  let callId: string;
  let recordingId: string;
  const startedAt = new Date(Date.now() - 10 * 60_000);
  const at = (s: number) => new Date(startedAt.getTime() + s * 1000).toISOString();

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    const users = (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/users`)).json as Array<{
      id: string;
      name: string;
    }>;
    const answerer = users[0]!;
    store = openStore({ url: `sqlite:${join(vaxel.dataDir, 'vaxel.db')}` });
    const files = createDiskFileStore(fileStoreFolder(vaxel.dataDir));
    const call = await store.calls.create(api.orgId, {
      direction: 'inbound',
      startedAt: at(0),
      answeredAt: at(14),
      endedAt: at(14 + seconds),
      fromNumber: '+46701234567',
      fromName: 'Kund Kundsson',
      toNumber: '+46812345000',
      fromUserId: null,
      toUserId: answerer.id,
      responseGroupId: null,
      ivrMenuId: 'menu-1',
      answeredByUserId: answerer.id,
      outcome: 'answered',
      waitSeconds: 14,
      talkSeconds: seconds,
      path: [
        { type: 'ivrMenu', id: 'menu-1', name: 'Huvudmeny', at: at(1) },
        { type: 'responseGroup', id: 'group-1', name: 'Kundtjänst', at: at(9) },
        { type: 'user', id: answerer.id, name: answerer.name, at: at(10) },
      ],
      recordingId: null,
      emergency: false,
    });
    callId = call.id;
    const recording = await store.recordings.create(api.orgId, {
      callId,
      durationMs: seconds * 1000,
      createdAt: at(14),
      expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    });
    recordingId = recording.id;
    await files.put(fileKeys.recording(api.orgId, recordingId), stereoTones());
    await store.calls.update(api.orgId, { ...call, recordingId });
    browser = await launchBrowser(makeSpeechWav('Hej'));
  });
  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await vaxel?.stop();
  });

  /** Plays an <audio> in the page and waits until the browser has decoded and played part of it. */
  async function playsInTheBrowser(page: Page, name: string | RegExp): Promise<{ duration: number; playedTo: number }> {
    const element = page.locator('audio').and(page.getByLabel(name)).first();
    await element.evaluate((el: HTMLAudioElement) => {
      el.muted = true;
      return el.play();
    });
    await element.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<void>((resolve, reject) => {
          const check = () =>
            el.currentTime > 0.5 ? resolve() : el.error ? reject(new Error(`media error ${el.error.code}`)) : undefined;
          el.addEventListener('timeupdate', check);
          el.addEventListener('error', check);
          check();
        }),
    );
    // A seek makes the browser ask for a byte range (HTTP 206) from the API.
    await element.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<void>((resolve) => {
          el.addEventListener('seeked', () => resolve(), { once: true });
          el.currentTime = el.duration - 0.5;
        }),
    );
    return element.evaluate((el: HTMLAudioElement) => ({ duration: el.duration, playedTo: el.currentTime }));
  }

  it('plays and downloads the recording on the recordings page, beside its call', async () => {
    const page = await newPage(browser, vaxel.baseUrl, 'en');
    // The browser's player asks for the audio by byte ranges (Range: bytes=0-), answered 206.
    const ranges: Array<{ range: string | null; status: number }> = [];
    page.on('response', (r) => {
      if (r.url().endsWith(`/recordings/${recordingId}/content`))
        ranges.push({ range: r.request().headers()['range'] ?? null, status: r.status() });
    });
    await login(page);
    await page.getByRole('link', { name: 'Call recording' }).click();
    const table = page.getByRole('table', { name: 'Recordings' });
    const row = table.getByRole('row').filter({ hasText: 'Kund Kundsson +46701234567' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['+46812345000', `0:0${seconds}`]),
    );
    const played = await playsInTheBrowser(page, /^Recording of the call .* from Kund Kundsson \+46701234567$/);
    expect(played.duration).toBeCloseTo(seconds, 1);
    expect(played.playedTo).toBeGreaterThan(seconds - 1);
    expect(ranges).toContainEqual({ range: expect.stringMatching(/^bytes=\d+-/), status: 206 });

    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Download the recording of the call/ }).click();
    expect((await download).suggestedFilename()).toBe(`recording-${recordingId}.wav`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'recordings');
    await page.context().close();
  });

  it('shows the call in the call log, and its detail with the journey and a player for the recording', async () => {
    const page = await newPage(browser, vaxel.baseUrl, 'en');
    await login(page);
    await page.getByRole('link', { name: 'Call log' }).click();
    await page
      .getByRole('link', { name: /^Details of the call/ })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/calls/${callId}$`));
    const journey = page.getByRole('list', { name: 'The way the call took' });
    await expect
      .poll(() => journey.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringMatching(/^Number dialled · .*\+46812345000$/),
        expect.stringMatching(/^IVR menu · .*Huvudmeny$/),
        expect.stringMatching(/^Response group · .*Kundtjänst$/),
        expect.stringMatching(/^User · /),
      ]);
    const played = await playsInTheBrowser(page, /^Recording from .*, 0:04$/);
    expect(played.duration).toBeCloseTo(seconds, 1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'call-detail-en');
    await page.context().close();
  });

  it('speaks Swedish in the journey', async () => {
    const page = await newPage(browser, vaxel.baseUrl, 'sv');
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'E-post' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Lösenord' }).fill(admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/o\/[^/]+\//);
    await page.goto(`/o/${api.orgId}/calls/${callId}`);
    const journey = page.getByRole('list', { name: 'Samtalets väg' });
    await expect
      .poll(() => journey.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringMatching(/^Slaget nummer · .*\+46812345000$/),
        expect.stringMatching(/^Knappvalsmeny · .*Huvudmeny$/),
        expect.stringMatching(/^Svarsgrupp · .*Kundtjänst$/),
        expect.stringMatching(/^Användare · /),
      ]);
    await page.getByRole('heading', { name: 'Inspelningar' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'call-detail-sv');
    await page.context().close();
  });
});
