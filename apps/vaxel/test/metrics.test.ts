import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtpPcap } from '../../../packages/switch/test/rtpPcap.ts';
import { freePort as peerPort, runSipp, startSipp, untilBound } from '../../../packages/switch/test/sipp.ts';
import { scrape, type Scrape } from './support/scrape.ts';
import { freePort, startVaxel, type Running } from './support/vaxelProcess.ts';

/**
 * Issue 11 on the real program: `vaxel start` with a metrics port of its own, scraped before and
 * after one real call over loopback (sipp phones of two demo users, one calling the other's
 * extension), the scrapes parsed by a Prometheus text-format parser.
 */
const operatorToken = 'metrics-test-operator-token-0123456789abcdef';
const adminEmail = 'chief@metrics-test.example';
const adminPassword = 'metrics test password 1';

type Device = { extension: string; username: string; password: string };

let dataDir: string;
let running: Running;
let metricsPort: number;
let devices: Map<string, Device>;
let apiMetrics: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vaxel-metrics-'));
  metricsPort = await freePort();
  running = await startVaxel(dataDir, {
    VAXEL_ADMIN_EMAIL: adminEmail,
    VAXEL_ADMIN_PASSWORD: adminPassword,
    VAXEL_OPERATOR_TOKEN: operatorToken,
    VAXEL_METRICS_PORT: String(metricsPort),
  });
  apiMetrics = `${new URL(running.base).origin}/metrics`;
  // The demo's SIP devices, as the first start prints them.
  devices = new Map(
    [...running.output().matchAll(/(\d{3})\s+\S.*?\s+username ([a-z0-9]{10})\s+password (\S+)/g)].map(
      ([, extension, username, password]) => [
        extension!,
        { extension: extension!, username: username!, password: password! },
      ],
    ),
  );
});
afterAll(async () => {
  expect(await running.stop()).toBe(0);
  await rm(dataDir, { recursive: true, force: true });
});

async function register(device: Device, port: number): Promise<void> {
  const run = await runSipp({
    scenario: 'register.xml',
    port,
    remotePort: running.sipPort,
    service: device.username,
    username: device.username,
    password: device.password,
    keys: { expires: '300' },
  });
  expect(run.code, run.output + run.errors).toBe(0);
}

const grew = (before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}) =>
  (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);

describe('GET /metrics of a running Växel (issue 11)', () => {
  it('moves with one real call: an answered call counted, its INVITE, BYE and 200s, and nothing left in progress', async () => {
    const callee = devices.get('101')!;
    const caller = devices.get('102')!;
    expect(callee && caller).toBeTruthy();
    const calleePort = peerPort();
    const before = await scrape(apiMetrics, operatorToken);
    await register(callee, calleePort);

    const phone = startSipp({
      scenario: 'uas-answer.xml',
      port: calleePort,
      service: callee.username,
      keys: { rtpport: String(peerPort()) },
      pauseMs: 200,
    });
    await untilBound(calleePort);
    const during = await scrape(apiMetrics, operatorToken);
    // The caller talks: 100 RTP packets (2 s) from its media port once answered.
    const callerMediaPort = peerPort();
    peerPort(); // sipp also binds video RTP on -mp + 2
    peerPort();
    const call = await runSipp({
      scenario: 'uac-call-audio.xml',
      port: peerPort(),
      remotePort: running.sipPort,
      service: callee.extension,
      username: caller.username,
      password: caller.password,
      keys: { caller: caller.username },
      pauseMs: 2500,
      extra: ['-mp', String(callerMediaPort)],
      files: { 'audio.pcap': rtpPcap(100) },
    });
    expect(call.code, call.output + call.errors).toBe(0);
    expect((await phone.done).code).toBe(0);

    // The call's record is written as it ends, a moment after the last BYE's 200.
    let after = before;
    await until(
      'the answered call counted and no call in progress',
      async () => {
        after = await scrape(apiMetrics, operatorToken);
        const answered = grew(before, after, 'vaxel_calls_total', { direction: 'internal', outcome: 'answered' });
        return (answered === 1 && after.value('vaxel_calls_in_progress') === 0) || `answered +${answered}`;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(after.type('vaxel_calls_total')).toBe('COUNTER');
    expect(after.value('vaxel_calls_in_progress')).toBe(before.value('vaxel_calls_in_progress'));
    // Two INVITEs from the caller (the first is challenged, 407), one to the callee from the switch.
    expect(grew(before, after, 'vaxel_sip_requests_received_total', { method: 'INVITE' })).toBeGreaterThanOrEqual(2);
    expect(grew(before, after, 'vaxel_sip_requests_sent_total', { method: 'INVITE' })).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'vaxel_sip_requests_received_total', { method: 'BYE' })).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'vaxel_sip_requests_sent_total', { method: 'BYE' })).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'vaxel_sip_responses_sent_total', { status: '200' })).toBeGreaterThanOrEqual(3);
    expect(grew(before, after, 'vaxel_sip_responses_sent_total', { status: '407' })).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'vaxel_sip_responses_received_total', { status: '200' })).toBeGreaterThanOrEqual(2);
    expect(grew(before, after, 'vaxel_sip_requests_received_total', { method: 'REGISTER' })).toBeGreaterThanOrEqual(1);
    // The callee's binding, counted by the store, and the store's queries timed meanwhile.
    expect(grew(before, during, 'vaxel_registrations')).toBe(1);
    expect(after.count('vaxel_store_query_seconds')).toBeGreaterThan(before.count('vaxel_store_query_seconds') ?? 0);
    expect(after.value('vaxel_sip_dialogs')).toBe(0);
    expect(after.value('vaxel_rtp_ports_in_use')).toBe(0);
    expect(after.value('vaxel_queue_callers_waiting')).toBe(0);
    // The main thread's event-loop delay and the process's CPU, from prom-client's defaults.
    expect(after.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(after.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    // The caller's audio, counted on the media worker thread that carried it (a worker per core by
    // default, `media-0`…): its 100 packets in and relayed to the callee, none lost.
    const threads = after.labelValues('vaxel_rtp_packets_received_total', 'thread');
    expect(threads.length).toBeGreaterThan(0);
    expect(threads.every((thread) => /^media-\d+$/.test(thread))).toBe(true);
    const summed = (scrape: Scrape, name: string) =>
      threads.reduce((sum, thread) => sum + (scrape.value(name, { thread }) ?? 0), 0);
    let media = after;
    await until(
      'the workers reporting the call’s RTP',
      async () => {
        media = await scrape(apiMetrics, operatorToken);
        const received =
          summed(media, 'vaxel_rtp_packets_received_total') - summed(before, 'vaxel_rtp_packets_received_total');
        return received >= 100 || `received +${received}`;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(summed(media, 'vaxel_rtp_packets_received_total') - summed(before, 'vaxel_rtp_packets_received_total')).toBe(
      100,
    );
    expect(summed(media, 'vaxel_rtp_packets_sent_total') - summed(before, 'vaxel_rtp_packets_sent_total')).toBe(100);
    expect(summed(media, 'vaxel_rtp_packets_lost_total') - summed(before, 'vaxel_rtp_packets_lost_total')).toBe(0);
    expect(media.type('vaxel_rtp_packets_lost_total')).toBe('COUNTER');
    expect(summed(media, 'vaxel_media_calls')).toBe(0);
    for (const thread of threads)
      expect(media.value('vaxel_rtp_jitter_max_seconds', { thread })).toBeGreaterThanOrEqual(0);
    // Each thread's event-loop delay and utilisation, the switch's own (`main`) and each worker's.
    const loaded = media.labelValues('vaxel_event_loop_delay_seconds', 'thread');
    expect(loaded.sort()).toEqual(['main', ...threads].sort());
    for (const thread of loaded) {
      expect(media.value('vaxel_event_loop_delay_seconds', { thread })).toBeGreaterThanOrEqual(0);
      expect(media.value('vaxel_event_loop_utilization', { thread })).toBeGreaterThan(0);
    }
    for (const reason of ['call_rate', 'concurrent_calls', 'event_loop_delay', 'sip_queue_delay', 'transactions']) {
      expect(after.value('vaxel_overload_refusals_total', { reason }), reason).toBe(0);
    }
  });

  it('answers on the API port only to the operator token: none or a wrong one is 401 problem+json, an admin 403', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-operator-token-0123456789' }] as Array<
      Record<string, string>
    >) {
      const res = await fetch(apiMetrics, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const login = await fetch(`${running.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^vaxel_session=/);
    expect((await fetch(apiMetrics, { headers: { cookie } })).status).toBe(403);
    const ok = await fetch(apiMetrics, { headers: { authorization: `Bearer ${operatorToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('serves the same metrics on VAXEL_METRICS_PORT, on loopback 127.0.0.1 only, behind the same token', async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer not-the-operator-token-0123456789' } })).status).toBe(
      401,
    );
    const own = await scrape(url, operatorToken);
    expect(own.type('vaxel_sip_requests_received_total')).toBe('COUNTER');
    expect(own.value('vaxel_registrations')).toBeGreaterThanOrEqual(0);
    // Bound to 127.0.0.1, not to every address: another loopback address finds nobody there.
    await expect(fetch(`http://127.0.0.2:${metricsPort}/metrics`)).rejects.toThrow();
    expect(running.output()).toContain(`Metrics (Prometheus, operator token): ${apiMetrics} and ${url}`);
  });
});
