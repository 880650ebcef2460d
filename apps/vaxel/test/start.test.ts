import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UdpTransport, UserAgent } from '@vaxel/sip';
import { openStore } from '@vaxel/store';
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnVaxelStart, startVaxel, type Running } from './support/vaxelProcess.ts';

/**
 * The real program: `vaxel start` on a temporary data folder, driven over HTTP like the help
 * article's procedure, stopped with SIGTERM, and started again on the same data.
 */
const adminEmail = 'chief@start-test.example';
const adminPassword = 'start test password 1';
const operatorToken = 'start-test-operator-token-0123456789abcdef';

const startEnv = {
  VAXEL_ADMIN_EMAIL: adminEmail,
  VAXEL_ADMIN_PASSWORD: adminPassword,
  VAXEL_OPERATOR_TOKEN: operatorToken,
  VAXEL_LOG_LEVEL: 'info',
};
const start = (dataDir: string): Promise<Running> => startVaxel(dataDir, startEnv);
const stop = (running: Running): Promise<number | null> => running.stop();

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function login(base: string) {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    token: string;
    me: { organisations: Array<{ organisationId: string; organisationName: string }> };
  };
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vaxel-start-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('vaxel start', () => {
  it('seeds a demo on first start, walks the article: two groups on light, quota, buy one more, create it; stops cleanly on SIGTERM', async () => {
    const running = await start(dataDir);
    try {
      expect(running.output()).toContain('espeak-ng:');
      expect(running.output()).toContain('First start');
      // Without VAXEL_SMTP_URL, said once: voicemail is kept but nobody is e-mailed.
      expect(running.output().split('Voicemail is not e-mailed: VAXEL_SMTP_URL is not set.')).toHaveLength(2);
      const session = await login(running.base);
      const org = session.me.organisations[0]!;
      expect(org.organisationName).toBe('Demo AB');
      const orgPath = `/orgs/${org.organisationId}`;

      const users = await api(running.base, session.token, 'GET', `${orgPath}/users`);
      expect(users.body.map((u: { extension: string }) => u.extension)).toEqual(
        expect.arrayContaining(['101', '102', '103', '104']),
      );
      const free = (await api(running.base, session.token, 'GET', `${orgPath}/numbers?unassigned=true`)).body.map(
        (n: { number: string }) => n.number,
      );
      expect(free.length).toBeGreaterThanOrEqual(3);

      for (const [i, number] of free.slice(0, 2).entries()) {
        const created = await api(running.base, session.token, 'POST', `${orgPath}/response-groups`, {
          name: `Group ${i + 1}`,
          number,
          numericId: `${i + 1}`,
        });
        expect(created.status).toBe(201);
      }
      const third = { name: 'Customer Care', number: free[2], numericId: '3' };
      const refused = await api(running.base, session.token, 'POST', `${orgPath}/response-groups`, third);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('quota_exceeded');
      expect(refused.body.detail).toMatch(/[Bb]uy more/);

      const bought = await api(running.base, session.token, 'POST', `${orgPath}/subscription/purchases`, {
        item: 'responseGroup',
        quantity: 1,
      });
      expect(bought.status).toBe(201);
      const subscription = await api(running.base, session.token, 'GET', `${orgPath}/subscription`);
      expect(subscription.body.upcomingInvoice.lines).toEqual([
        expect.objectContaining({
          item: 'responseGroup',
          quantity: 1,
          purchasedBy: expect.objectContaining({ name: 'Demo Admin' }),
        }),
      ]);
      expect((await api(running.base, session.token, 'POST', `${orgPath}/response-groups`, third)).status).toBe(201);

      const operator = await api(running.base, operatorToken, 'GET', '/operator/organisations');
      expect(operator.status).toBe(200);
    } finally {
      expect(await stop(running)).toBe(0);
    }
    // Secrets appear once, in the first-start banner, never again in the logs.
    expect(running.output().split(adminPassword)).toHaveLength(2);
    expect(running.output().split(operatorToken)).toHaveLength(2);
    expect(running.output()).toContain('Växel stopped.');
  });

  it('keeps the data on restart and does not seed again', async () => {
    const running = await start(dataDir);
    try {
      expect(running.output()).not.toContain('First start');
      expect(running.output()).not.toContain(adminPassword);
      const session = await login(running.base);
      expect(session.me.organisations).toHaveLength(1);
      const groups = await api(
        running.base,
        session.token,
        'GET',
        `/orgs/${session.me.organisations[0]!.organisationId}/response-groups`,
      );
      expect(groups.body.map((g: { name: string }) => g.name).sort()).toEqual(['Customer Care', 'Group 1', 'Group 2']);
      expect((await api(running.base, operatorToken, 'GET', '/operator/organisations')).body).toHaveLength(1);
    } finally {
      expect(await stop(running)).toBe(0);
    }
  });
});

describe('the demo admin password', () => {
  it('is refused when the password policy refuses it, before anything is written, saying why', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'vaxel-start-weak-'));
    try {
      const child = spawnVaxelStart(
        fresh,
        { http: await freePort(), sip: await freePort() },
        { ...startEnv, VAXEL_ADMIN_PASSWORD: 'password1234' },
      );
      let output = '';
      child.stdout?.on('data', (chunk) => (output += String(chunk)));
      child.stderr?.on('data', (chunk) => (output += String(chunk)));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(output).toContain('VAXEL_ADMIN_PASSWORD: is too common');
      expect(output).not.toContain('First start');
      // Nothing was seeded: the next start with a good password is a first start.
      const running = await start(fresh);
      try {
        expect(running.output()).toContain('First start');
      } finally {
        expect(await stop(running)).toBe(0);
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('stopping', () => {
  it('finishes a request still in progress before exiting on SIGTERM, with exit code 0', async () => {
    const running = await start(dataDir);
    const session = await login(running.base);
    const orgId = session.me.organisations[0]!.organisationId;
    const body = JSON.stringify({
      name: 'Said during shutdown',
      language: 'en-GB',
      text: 'Goodbye and thank you for calling',
    });
    const url = new URL(`${running.base}/orgs/${orgId}/audio-files/tts`);
    let stopped: Promise<number | null> | undefined;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${session.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += String(chunk)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now; the rest after the stop signal, so the request is surely in flight.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        stopped = running.stop();
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 500);
    });
    const answer = await response;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).name).toBe('Said during shutdown');
    expect(await stopped).toBe(0);
  });
});

describe('the switch beside the API', () => {
  it('registers a demo phone with the SIP credentials printed on first start, and the API shows it online', async () => {
    const phoneData = await mkdtemp(join(tmpdir(), 'vaxel-start-sip-'));
    const running = await start(phoneData);
    // The server made Erik's SIP username: ten characters of a-z0-9, printed beside his password.
    const printed = /102\s+Erik Berg\s+username ([a-z0-9]{10})\s+password (\S+)/.exec(running.output());
    expect(printed).not.toBeNull();
    const [, erikUsername, password] = printed as unknown as [string, string, string];
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const phone = new UserAgent({ transports: [transport], host: '127.0.0.1', contactUser: erikUsername });
    try {
      await phone.listen();
      const register = (secret: string) =>
        phone.request('REGISTER', {
          uri: `sip:127.0.0.1:${running.sipPort}`,
          from: `<sip:${erikUsername}@127.0.0.1>`,
          to: `<sip:${erikUsername}@127.0.0.1>`,
          headers: [
            ['Contact', `<sip:${erikUsername}@127.0.0.1:${transport.local.port}>`],
            ['Expires', '300'],
          ],
          destination: { protocol: 'UDP', address: '127.0.0.1', port: running.sipPort },
          credentials: { username: erikUsername, password: secret },
        });

      expect((await register('not the password at all')).status).toBe(401);
      expect((await register(password)).status).toBe(200);

      const session = await login(running.base);
      const orgPath = `/orgs/${session.me.organisations[0]!.organisationId}`;
      const erik = (await api(running.base, session.token, 'GET', `${orgPath}/users`)).body.find(
        (u: { sipUsername: string }) => u.sipUsername === erikUsername,
      );
      const devices = await api(running.base, session.token, 'GET', `${orgPath}/users/${erik.id}/registrations`);
      expect(devices.body).toEqual([
        expect.objectContaining({ contact: expect.stringContaining(`127.0.0.1:${transport.local.port}`) }),
      ]);
    } finally {
      await phone.close();
      expect(await stop(running)).toBe(0);
      await rm(phoneData, { recursive: true, force: true });
    }
  });

  it('obeys a routing default saved through the API on the very next call (R81: the API tells the switch)', async () => {
    const phoneData = await mkdtemp(join(tmpdir(), 'vaxel-start-r81-'));
    const running = await start(phoneData);
    const printed = /102\s+Erik Berg\s+username ([a-z0-9]{10})\s+password (\S+)/.exec(running.output());
    expect(printed).not.toBeNull();
    const [, erikUsername, password] = printed as unknown as [string, string, string];
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const phone = new UserAgent({ transports: [transport], host: '127.0.0.1', contactUser: erikUsername });
    // Erik calls extension 101, whose phone is not registered: the unanswered destination decides.
    const call101 = async () => {
      const invite = phone.invite({
        uri: `sip:101@127.0.0.1:${running.sipPort}`,
        from: `<sip:${erikUsername}@127.0.0.1>`,
        to: '<sip:101@127.0.0.1>',
        headers: [['Content-Type', 'application/sdp']],
        body: `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${transport.local.port + 2} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`,
        destination: { protocol: 'UDP', address: '127.0.0.1', port: running.sipPort },
        credentials: { username: erikUsername, password },
      });
      const outcome = await invite.outcome;
      return outcome.response.status;
    };
    try {
      await phone.listen();
      const session = await login(running.base);
      const orgPath = `/orgs/${session.me.organisations[0]!.organisationId}`;
      await api(running.base, session.token, 'PATCH', `${orgPath}/call-routing-defaults`, {
        unansweredDestination: { type: 'hangup' },
      });
      expect(await call101()).toBe(603);
      const saved = await api(running.base, session.token, 'PATCH', `${orgPath}/call-routing-defaults`, {
        unansweredDestination: { type: 'busyTone' },
      });
      expect(saved.status).toBe(200);
      expect(await call101()).toBe(486);
    } finally {
      await phone.close();
      expect(await stop(running)).toBe(0);
      await rm(phoneData, { recursive: true, force: true });
    }
  });

  it('forgets an international block once an admin lifts it through the API (issue 10: the API tells the switch, which writes toll_unblock)', async () => {
    const blockData = await mkdtemp(join(tmpdir(), 'vaxel-start-block-'));
    const running = await start(blockData);
    try {
      const session = await login(running.base);
      const organisationId = session.me.organisations[0]!.organisationId;
      // The block as the switch stores it after a spike, written beside the running server.
      const store = openStore({ url: `sqlite:${join(blockData, 'vaxel.db')}` });
      try {
        await store.outboundBlocks.set({
          organisationId,
          scope: 'international',
          reason: 'international_spike',
          since: new Date().toISOString(),
          calls: 10,
          seconds: 60,
        });
      } finally {
        await store.close();
      }
      expect((await api(running.base, session.token, 'DELETE', `/orgs/${organisationId}/outbound-block`)).status).toBe(
        204,
      );
      const line = new RegExp(
        `vaxel-sip-security event=toll_unblock source=- organisationId=${organisationId} by=\\S+`,
      );
      for (let i = 0; i < 100 && !line.test(running.output()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(running.output()).toMatch(line);
      expect((await api(running.base, session.token, 'DELETE', `/orgs/${organisationId}/outbound-block`)).status).toBe(
        404,
      );
    } finally {
      expect(await stop(running)).toBe(0);
      await rm(blockData, { recursive: true, force: true });
    }
  });
});

describe('the SIP edge under attack (issue 10)', () => {
  it("bans an address that sprays usernames, writes the ban as the README's fail2ban filter expects, and lets the operator see and lift it", async () => {
    const attackData = await mkdtemp(join(tmpdir(), 'vaxel-start-ban-'));
    const running = await start(attackData);
    const transport = new UdpTransport({ host: '127.0.0.71', port: 0 });
    const attacker = new UserAgent({ transports: [transport], host: '127.0.0.71' });
    try {
      await attacker.listen();
      const guess = (username: string) =>
        attacker.request('REGISTER', {
          uri: `sip:127.0.0.1:${running.sipPort}`,
          from: `<sip:${username}@127.0.0.1>`,
          to: `<sip:${username}@127.0.0.1>`,
          headers: [['Contact', `<sip:${username}@127.0.0.71:${transport.local.port}>`]],
          destination: { protocol: 'UDP', address: '127.0.0.1', port: running.sipPort },
          credentials: { username, password: 'Summer2026!' },
        });
      // A careful sprayer keeps under the flood guard's 16 requests in 2 s (each guess is two
      // REGISTERs), so that the authentication guard has to catch it on its own.
      for (let i = 0; i < 10; i++) {
        const guessedAt = Date.now();
        expect((await guess(`guess${i}`)).status).toBe(401);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 300 - (Date.now() - guessedAt))));
      }

      const bans = await api(running.base, operatorToken, 'GET', '/operator/sip-bans');
      expect(bans.status).toBe(200);
      expect(bans.body.bans).toEqual([
        { address: '127.0.0.71', reason: 'auth_failures', level: 1, until: expect.any(String) },
      ]);
      expect(bans.body.addresses).toEqual([]);
      expect(bans.body.pairs).toEqual(
        expect.arrayContaining([expect.objectContaining({ address: '127.0.0.71', user: 'guess0', failures: 1 })]),
      );
      // The line as vaxel start writes it (pino JSON on stdout; it may reach this process after
      // the 401 does), matched the way the README's filter does: datepattern
      // ^\{"level":\d+,"time":{LEPOCH}, failregex "msg":"vaxel-sip-security event=ban source=<HOST> .
      const banLine = () =>
        running
          .output()
          .split('\n')
          .find((l) => l.includes('event=ban'));
      await until('the ban line in the output', () => banLine() !== undefined);
      expect(banLine()).toMatch(/^\{"level":40,"time":\d{13},/);
      expect(banLine()).toContain(
        '"msg":"vaxel-sip-security event=ban source=127.0.0.71 reason=auth_failures seconds=3600 level=1"',
      );
      expect(running.output()).not.toContain('Summer2026!');
      expect((await api(running.base, operatorToken, 'DELETE', '/operator/sip-bans/127.0.0.71')).status).toBe(204);
      expect((await api(running.base, operatorToken, 'DELETE', '/operator/sip-bans/127.0.0.71')).status).toBe(404);
      await until('the unban line', () =>
        running.output().includes('vaxel-sip-security event=unban source=127.0.0.71 by=operator'),
      );
      expect((await guess('guess0')).status).toBe(401);
    } finally {
      await attacker.close();
      expect(await stop(running)).toBe(0);
      await rm(attackData, { recursive: true, force: true });
    }
  });
});
