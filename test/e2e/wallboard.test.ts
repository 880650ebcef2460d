import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
  createGroupViaApi,
  launchBrowser,
  login,
  makeSpeechWav,
  newPage,
  operatorToken,
  screenshot,
  seriousA11yViolations,
  startVaxel,
  userByName,
  type Vaxel,
} from './harness.ts';

/**
 * R19 on a real `vaxel start`: a supervisor who is no admin finds the group's wallboard in the
 * console's navigation; a caller from the carrier (sipp on the trunk's address) waits in the queue
 * while the group's agent's phone (sipp, registered) rings, then talks to the agent — the board
 * shows each state as it comes, without a reload; the supervisor logs an agent out from the
 * board; an agent who is not a supervisor gets the forbidden page (and the API's 403).
 */
const CALLER = '+46701119988';
const RING_MS = 6000;

let vaxel: Vaxel;
let browser: Browser;
let page: Page;
let api: { token: string; orgId: string };
let groupId: string;
let groupNumber: string;
let erik: { id: string; sipUsername: string };
let johan: { id: string };
let agent: { id: string; email: string; password: string };
let phone: SippProcess | null = null;

/** A user invited by the admin who accepts and chooses a password. */
async function personWhoLogsIn(name: string, email: string, extension: string, fields: Record<string, unknown> = {}) {
  const created = await apiAs(vaxel.baseUrl, api.token, 'POST', `/orgs/${api.orgId}/users`, {
    name,
    email,
    extension,
    ...fields,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const password = `${email}-password`;
  const accepted = await apiAs(
    vaxel.baseUrl,
    api.token,
    'POST',
    `/auth/invitations/${created.json.invitation.token}/accept`,
    { password },
  );
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
  return { id: created.json.id as string, email, password };
}

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
  erik = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Erik Berg');
  johan = await userByName(vaxel.baseUrl, api.token, api.orgId, 'Johan Ek');
  const supervisor = await personWhoLogsIn('Stina Svensson', 'stina@demo.example', '150', { licence: 'pro' });
  agent = await personWhoLogsIn('Nils Nilsson', 'nils@demo.example', '151');
  const group = await createGroupViaApi(vaxel.baseUrl, api.token, api.orgId, 'Kundtjänst', '7');
  groupId = group.id;
  groupNumber = group.number;
  const updated = await apiAs(vaxel.baseUrl, api.token, 'PATCH', `/orgs/${api.orgId}/response-groups/${groupId}`, {
    agentIds: [erik.id, johan.id, agent.id],
    supervisorIds: [supervisor.id],
    settings: { distribution: { ringSecondsPerAgent: 30, wrapUpSeconds: 0 } },
  });
  expect(updated.status, JSON.stringify(updated.json)).toBe(200);

  browser = await launchBrowser(makeSpeechWav('Hej'));
  page = await newPage(browser, vaxel.baseUrl);
  await login(page, { email: supervisor.email, password: supervisor.password });
}, 180_000);

afterAll(async () => {
  phone?.kill();
  await browser?.close();
  await vaxel?.stop();
});

const tile = (userId: string) => page.locator(`[data-agent="${userId}"]`);

describe("a supervisor watches the group's wallboard", () => {
  it('finds it in the navigation and opens it', async () => {
    await page.getByRole('link', { name: 'Wallboard' }).click();
    await page.getByRole('link', { name: 'Kundtjänst' }).click();
    await page.getByRole('heading', { name: 'Wallboard: Kundtjänst' }).waitFor();
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await tile(erik.id).and(page.locator('[data-state="available"]')).waitFor();
    expect(await page.getByText('Nobody is waiting.').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the caller waiting while the agent’s phone rings, then the agent on the call, without a reload', async () => {
    const sipPassword = 'wallboard-erik-sip-password';
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
    phone = startSipp({
      scenario: 'uas-answer.xml',
      port: erikPort,
      service: erik.sipUsername,
      keys: { rtpport: String(peerPort()) },
      pauseMs: RING_MS,
      timeoutSeconds: 90,
    });
    await untilBound(erikPort);
    const reloads: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && reloads.push(frame.url()));

    const caller = runSipp({
      scenario: 'trunk-inbound-call.xml',
      port: peerPort(),
      address: '127.0.0.2',
      remotePort: vaxel.sipPort,
      service: groupNumber,
      keys: { caller: CALLER, rtpport: String(peerPort()) },
      pauseMs: RING_MS + 8000,
      timeoutSeconds: 90,
    });
    const queue = page.getByRole('table', { name: 'Queue' });
    await queue.getByText('0701119988').waitFor();
    await queue.getByText('Ringing an agent').waitFor();
    await tile(erik.id).and(page.locator('[data-state="ringing"]')).waitFor();
    await screenshot(page, 'wallboard-ringing');
    await tile(erik.id)
      .and(page.locator('[data-state="onCall"]'))
      .waitFor({ timeout: RING_MS + 10_000 });
    await page.getByText('Nobody is waiting.').waitFor();

    const done = await caller;
    expect(done.code, done.output + done.errors + vaxel.log()).toBe(0);
    expect((await phone.done).code).toBe(0);
    phone = null;
    await page.locator('[data-figure="answered"] [data-value]').getByText('1', { exact: true }).waitFor();
    await tile(erik.id).and(page.locator('[data-state="available"]')).waitFor();
    expect(reloads).toEqual([]);
  });

  it('logs an agent out from the board, and the tile says so', async () => {
    await page.getByRole('button', { name: 'Log Johan Ek out' }).click();
    await tile(johan.id).and(page.locator('[data-state="loggedOut"]')).waitFor();
    const group = await apiAs(vaxel.baseUrl, api.token, 'GET', `/orgs/${api.orgId}/response-groups/${groupId}`);
    expect(group.json.agents).toContainEqual({ userId: johan.id, loggedIn: false, reachOn: 'phone' });
    await page.getByRole('button', { name: 'Log Johan Ek in' }).waitFor();
    await screenshot(page, 'wallboard');
  });
});

describe('an agent who is not a supervisor', () => {
  it("gets the console's forbidden page for the wallboard, and the API's 403", async () => {
    const other = await newPage(browser, vaxel.baseUrl);
    await login(other, { email: agent.email, password: agent.password });
    await other.goto(`/o/${api.orgId}/wallboard/${groupId}`);
    await other.getByRole('heading', { name: 'This wallboard is for the group’s supervisors' }).waitFor();
    expect(await other.locator('[data-agent]').count()).toBe(0);
    const status = await other.evaluate(
      async (url) => (await fetch(url, { headers: { 'X-Requested-With': 'vaxel' } })).status,
      `/api/v1/orgs/${api.orgId}/response-groups/${groupId}/live`,
    );
    expect(status).toBe(403);
    expect(await seriousA11yViolations(other)).toEqual([]);
    await other.context().close();
  });
});
