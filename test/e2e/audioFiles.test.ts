import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
  type Vaxel,
} from './harness.ts';

/** The article's "Ljudfiler": ADD by file and by microphone, play, and deleting a file in use is refused. */
describe('Audio files in the console', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  let api: { token: string; orgId: string };
  let uploadWav: string;

  beforeAll(async () => {
    vaxel = await startVaxel();
    api = await adminToken(vaxel.baseUrl);
    uploadWav = makeSpeechWav('Välkommen till Företaget X');
    // The fake microphone speaks too, so the recording has real sound in it.
    browser = await launchBrowser(makeSpeechWav('Hej, du har kommit till Erik. Lämna ett meddelande efter tonen.'));
    page = await newPage(browser, vaxel.baseUrl);
    await login(page);
    await page.getByRole('link', { name: 'Audio files' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  const files = async () =>
    (await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/audio-files`)).json as any[];

  it('adds a file by upload: name, language tag, choose file, create', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New audio file' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Welcome upload');
    await form.getByRole('textbox', { name: 'Language tag' }).fill('sv-SE');
    await form.locator('input[type=file]').setInputFiles(uploadWav);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('audio-Welcome upload').waitFor();
    await page.getByTestId('audio-Welcome upload').getByTestId('waveform').waitFor();
    const [file] = await files();
    expect(file).toMatchObject({
      name: 'Welcome upload',
      language: 'sv-SE',
      source: 'upload',
      originalFileName: 'speech.wav',
    });
    expect(file.durationMs).toBeGreaterThan(500);
  });

  it('adds a file recorded with the microphone in the browser', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New audio file' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Erik greeting');
    await form.getByText('Record with microphone').click();
    await form.getByRole('button', { name: 'Start recording' }).click();
    await form.getByText(/Recording… [2-9] s/).waitFor();
    await form.getByRole('button', { name: 'Stop recording' }).click();
    await form.getByText(/Recorded \d+ s/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('audio-Erik greeting').waitFor();
    const recorded = (await files()).find((f) => f.name === 'Erik greeting');
    expect(recorded.source).toBe('recording');
    expect(recorded.durationMs).toBeGreaterThan(1000);
  });

  it('adds a file by text to speech, listens to it, then renames it and changes its language tag', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New audio file' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Closed message');
    await form.getByText('Text to speech', { exact: true }).click();
    await form.getByRole('textbox', { name: 'Text' }).fill('Vi har stängt. Välkommen åter i morgon.');
    const preview = page.waitForResponse((r) => r.url().endsWith('/tts/preview'));
    await form.getByRole('button', { name: 'Listen' }).click();
    expect((await preview).status()).toBe(200);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('audio-Closed message').waitFor();

    await page.getByRole('button', { name: 'Edit: Closed message' }).click();
    const panel = page.getByRole('region', { name: 'Edit: Closed message' });
    await panel.getByRole('textbox', { name: 'Name (Closed message)' }).fill('Closed message (sv)');
    await panel.getByRole('textbox', { name: 'Language tag (Closed message)' }).fill('sv');
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('audio-Closed message (sv)').waitFor();
    const edited = (await files()).find((f) => f.name === 'Closed message (sv)');
    expect(edited).toMatchObject({ source: 'tts', language: 'sv', ttsText: 'Vi har stängt. Välkommen åter i morgon.' });
    await page.getByRole('button', { name: 'Edit: Closed message (sv)' }).click();
  });

  it('replaces the content of a recorded file with an uploaded one', async () => {
    const before = (await files()).find((f) => f.name === 'Erik greeting');
    await page.getByRole('button', { name: 'Edit: Erik greeting' }).click();
    const panel = page.getByRole('region', { name: 'Edit: Erik greeting' });
    await panel.locator('input[type=file]').setInputFiles(uploadWav);
    await expect
      .poll(async () => (await files()).find((f) => f.name === 'Erik greeting').updatedAt)
      .not.toBe(before.updatedAt);
    const after = (await files()).find((f) => f.name === 'Erik greeting');
    expect(after.originalFileName).toBe('speech.wav');
    await page.getByRole('button', { name: 'Edit: Erik greeting' }).click();
  });

  it('plays a file in the console', async () => {
    const player = page.getByLabel('Play Welcome upload');
    await player.evaluate((audio: HTMLAudioElement) => audio.play());
    await expect
      .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await player.evaluate((audio: HTMLAudioElement) => audio.pause());
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'audio-files');
  });

  it('refuses to delete a file an IVR menu uses, and lists where it is used', async () => {
    const welcome = (await files()).find((f) => f.name === 'Welcome upload');
    const menu = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/ivr-menus`, {
      name: 'Main IVR',
      number: null,
      prompts: [{ type: 'audioFile', audioFileId: welcome.id }],
    });
    expect(menu.status).toBe(201);

    await page.getByRole('button', { name: 'Edit: Welcome upload' }).click();
    const panel = page.getByRole('region', { name: 'Edit: Welcome upload' });
    await panel.getByRole('button', { name: 'Delete file' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-problem-code')).toBe('in_use');
    await refusal
      .getByRole('list', { name: 'It is used by:' })
      .getByText(/Main IVR/)
      .waitFor();
    expect((await files()).map((f) => f.name)).toContain('Welcome upload');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'audio-file-in-use');
  });
});
