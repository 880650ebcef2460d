import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDiskFileStore, fileKeys, openStore, type Store } from '@vaxel/store';
import { requireTool } from '@vaxel/testing';
import { fileStoreFolder } from '../../apps/vaxel/src/config.ts';
import {
  adminToken,
  apiAs,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * R76 in the console: a message left in the admin's box (seeded through the store and the file
 * store, as the switch writes them) is played in the browser, marked read and deleted; the box
 * gets a PIN; the voicemail access is set in the call-routing defaults.
 */
describe('Voicemail in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let store: Store;
  let api: { token: string; orgId: string };
  let messageId: string;
  let spoken: Buffer;

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    const me = (await apiAs(vaxel.baseUrl, api.token, 'GET', '/me')).json;
    const adminUser = await userByName(vaxel.baseUrl, api.token, api.orgId, me.name);
    // The switch's way of leaving a message: the WAV in the file store, then the row.
    store = openStore({ url: `sqlite:${join(vaxel.dataDir, 'vaxel.db')}` });
    const wavFile = makeSpeechWav('Hej, det här är Carl. Ring mig tillbaka.');
    const telephony = join(vaxel.dataDir, 'vm.wav');
    execFileSync(requireTool('ffmpeg'), [
      '-loglevel',
      'error',
      '-y',
      '-i',
      wavFile,
      '-ar',
      '8000',
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      telephony,
    ]);
    spoken = readFileSync(telephony);
    messageId = '0b0e5f8a-6c1d-4d7e-9f00-a1b2c3d4e5f6';
    await createDiskFileStore(fileStoreFolder(vaxel.dataDir)).put(fileKeys.voicemail(api.orgId, messageId), spoken);
    await store.voicemail.create(api.orgId, {
      id: messageId,
      box: { type: 'user', userId: adminUser.id },
      callId: null,
      fromNumber: '+46701234567',
      fromName: 'Carl Caller',
      durationMs: Math.round(((spoken.length - 44) / 16000) * 1000),
      heard: false,
      createdAt: new Date().toISOString(),
    });
    browser = await launchBrowser(makeSpeechWav('Hej'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
  });
  afterAll(async () => {
    await store?.close();
    await browser?.close();
    await vaxel?.stop();
  });

  it('lists the new message in the own box, with caller and length, without axe violations', async () => {
    await page.getByRole('link', { name: 'Voicemail' }).click();
    await page.getByRole('heading', { name: 'Voicemail', level: 1 }).waitFor();
    const fresh = page.getByRole('region', { name: 'New messages' });
    await fresh.getByText('Carl Caller (+46701234567)').waitFor();
    await page.getByRole('region', { name: 'Saved messages' }).getByText('No saved messages.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('plays the message in the browser from the API, the whole recording', async () => {
    const player = page.getByRole('region', { name: 'New messages' }).locator('audio');
    const handle = await player.elementHandle();
    const played = await page.evaluate(async (audio) => {
      const element = audio as HTMLAudioElement;
      element.muted = true;
      await element.play();
      await new Promise<void>((resolve) => element.addEventListener('ended', () => resolve(), { once: true }));
      return { duration: element.duration, src: element.currentSrc };
    }, handle);
    expect(played.src).toContain(`/messages/${messageId}/audio`);
    expect(played.duration).toBeCloseTo((spoken.length - 44) / 16000, 1);
  });

  it('marks the message read, which moves it to the saved ones', async () => {
    await page.getByRole('region', { name: 'New messages' }).getByRole('button', { name: 'Mark as read' }).click();
    await page.getByRole('region', { name: 'Saved messages' }).getByText('Carl Caller (+46701234567)').waitFor();
    await page.getByRole('region', { name: 'New messages' }).getByText('No new messages.').waitFor();
    expect((await store.voicemail.get(api.orgId, messageId))?.heard).toBe(true);
  });

  it('sets a PIN, refusing one that is not 4–8 digits', async () => {
    const pin = page.getByRole('region', { name: 'PIN for listening from any phone' });
    const input = pin.getByLabel('PIN', { exact: true });
    await input.fill('12a');
    await pin.getByText('Only digits, 4 to 8 of them.').waitFor();
    expect(await pin.getByRole('button', { name: 'Save PIN' }).isDisabled()).toBe(true);
    await input.fill('482913');
    await pin.getByRole('button', { name: 'Save PIN' }).click();
    await pin.getByText(/A PIN is set/).waitFor();
    expect(
      await store.voicemail.getPinHash(api.orgId, {
        type: 'user',
        userId: (
          await userByName(
            vaxel.baseUrl,
            api.token,
            api.orgId,
            (await apiAs(vaxel.baseUrl, api.token, 'GET', '/me')).json.name,
          )
        ).id,
      }),
    ).toMatch(/^scrypt\$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('deletes the message after asking, and its audio file with it', async () => {
    const saved = page.getByRole('region', { name: 'Saved messages' });
    await saved.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Delete the message from Carl Caller/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await saved.getByText('No saved messages.').waitFor();
    expect(await store.voicemail.get(api.orgId, messageId)).toBeNull();
    expect(
      await createDiskFileStore(fileStoreFolder(vaxel.dataDir)).get(fileKeys.voicemail(api.orgId, messageId)),
    ).toBeNull();
    await screenshot(page, 'voicemail');
  });

  it('sets the voicemail access in the call-routing defaults, and refuses a user’s extension', async () => {
    await page.getByRole('link', { name: 'Call routing' }).click();
    const access = page.getByRole('region', { name: 'Voicemail access' });
    await access.getByRole('textbox', { name: 'Number or extension' }).fill('101');
    await access.getByRole('button', { name: 'Save' }).click();
    await access.getByText(/is the extension of/).waitFor();
    await access.getByRole('textbox', { name: 'Number or extension' }).fill('190');
    await access.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/call-routing-defaults`)).json
            .voicemailAccess,
      )
      .toBe('190');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
