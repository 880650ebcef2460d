import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, makeSpeechWav, newPage, screenshot, startVaxel, type Vaxel } from './harness.ts';

/**
 * The console under its Content-Security-Policy (packages/api/src/http/securityHeaders.ts) in a
 * real Chromium: every screen renders and works with zero policy violations, Mantine's run-time
 * styles apply through the per-response nonce, and what the policy is for (an injected inline
 * script or style) is refused. /docs (Swagger UI) renders under its own policy.
 */
type Violation = { directive: string; blocked: string; source: string };

describe('The console under its Content-Security-Policy', () => {
  let vaxel: Vaxel;
  let browser: Browser;
  let page: Page;
  const consoleReports: string[] = [];

  /** Violations the page reported since it loaded (securitypolicyviolation events). */
  const violations = (p: Page = page) =>
    p.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);

  async function watch(p: Page): Promise<void> {
    // Init scripts run through the DevTools protocol, before the page's own, and are not subject to CSP.
    await p.addInitScript(() => {
      const seen: Violation[] = [];
      (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          source: `${e.sourceFile}:${e.lineNumber}`,
        }),
      );
    });
    p.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleReports.push(message.text());
    });
  }

  beforeAll(async () => {
    vaxel = await startVaxel();
    browser = await launchBrowser(makeSpeechWav('Hej, du har kommit till växeln.'));
    page = await newPage(browser, vaxel.baseUrl);
    await watch(page);
    await login(page);
  });
  afterAll(async () => {
    await browser?.close();
    await vaxel?.stop();
  });

  it('serves the console with a policy that has no unsafe-inline and no unsafe-eval', async () => {
    const response = await page.request.get('/');
    const policy = response.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain('unsafe-');
  });

  it("applies Mantine's run-time theme styles through the nonce", async () => {
    await page.getByRole('heading', { name: 'Response groups' }).waitFor();
    // --mantine-color-dimmed is gray-6 in Mantine's stylesheet; the console's contrast resolver
    // (App.tsx) sets gray-7 in a <style> element written at run time, which needs the nonce.
    const colours = await page.evaluate(() => {
      const root = getComputedStyle(document.documentElement);
      return {
        dimmed: root.getPropertyValue('--mantine-color-dimmed').trim(),
        gray7: root.getPropertyValue('--mantine-color-gray-7').trim(),
      };
    });
    expect(colours.gray7).not.toBe('');
    expect(colours.dimmed).toBe(colours.gray7);
  });

  it('creates a response group (pickers, popovers, notifications) without a violation', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New response group' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Policy Check');
    await form.getByRole('combobox', { name: 'Number' }).click();
    await page.getByRole('option').first().click();
    await form.getByRole('textbox', { name: 'Numeric ID' }).fill('42');
    await form.getByRole('combobox', { name: 'Agents' }).click();
    await page.getByRole('option', { name: 'Astrid Lind (101)' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: /Policy Check/ }).waitFor();
    expect(await violations()).toEqual([]);
  });

  it('records a greeting with the microphone and plays it back from a blob: URL without a violation', async () => {
    await page.getByRole('link', { name: 'Audio files' }).click();
    await page.getByRole('heading', { name: 'Audio files' }).waitFor();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const form = page.getByRole('region', { name: 'New audio file' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Policy greeting');
    await form.getByText('Record with microphone').click();
    await form.getByRole('button', { name: 'Start recording' }).click();
    await form.getByText(/Recording… [2-9] s/).waitFor();
    await form.getByRole('button', { name: 'Stop recording' }).click();
    await form.getByText(/Recorded \d+ s/).waitFor();
    const preview = form.locator('audio[src^="blob:"]');
    await preview.waitFor({ state: 'attached' });
    await expect.poll(() => preview.evaluate((audio: HTMLAudioElement) => audio.readyState)).toBeGreaterThanOrEqual(1);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('audio-Policy greeting').getByTestId('waveform').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('walks every other screen of the console without a violation', async () => {
    for (const [link, heading] of [
      ['IVR menus', 'IVR menus'],
      ['Call routing', 'Call routing'],
      ['Display numbers', 'Display numbers'],
      ['Call log', 'Call log'],
      ['Users and teams', 'Users and teams'],
      ['Call recording', 'Call recording'],
      ['Voicemail', 'Voicemail'],
      ['Wallboard', 'Wallboard'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading }).first().waitFor();
    }
    // A group's wallboard, live through its event stream (connect-src 'self').
    await page.getByRole('link', { name: 'Policy Check' }).click();
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await page.getByRole('link', { name: 'Call log' }).click();
    await page.getByRole('region', { name: 'Statistics' }).getByText('Wait-time distribution').waitFor();
    await screenshot(page, 'console-under-csp');
    expect(await violations()).toEqual([]);
    expect(consoleReports).toEqual([]);
  });

  it('refuses an injected inline script and an injected <style> without the nonce (what the policy is for)', async () => {
    const before = (await violations()).length;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      document.head.append(style);
    });
    await expect
      .poll(async () =>
        (await violations())
          .slice(before)
          .map((v) => v.directive)
          .sort(),
      )
      .toEqual(['script-src-elem', 'style-src-elem']);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
  });

  it('renders the API reference at /docs under its own policy without a violation', async () => {
    const docs = await newPage(browser, vaxel.baseUrl);
    await watch(docs);
    await docs.goto('/docs/');
    await docs.getByRole('heading', { name: /Växel API/ }).waitFor();
    await docs.locator('.opblock-tag').first().waitFor();
    expect(await violations(docs)).toEqual([]);
    await docs.close();
  });
});
