/**
 * The real switch as a process of its own, for tests that kill it (kill -9) and start it again
 * on the same store: a store opened from SWITCH_STORE_URL and a Switch on loopback, configured by
 * the environment. Prints `ready <sip port>` once started; SIGTERM stops it cleanly.
 */
import { openStore } from '@vaxel/store';
import { Switch } from '../../src/index.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const store = openStore({ url: env('SWITCH_STORE_URL') });
await store.migrate();
const rtpMin = Number(env('SWITCH_RTP_MIN'));
const sw = new Switch({
  store,
  sipPort: Number(env('SWITCH_SIP_PORT')),
  bindAddress: '127.0.0.1',
  advertisedAddress: '127.0.0.1',
  rtpPortRange: { min: rtpMin, max: rtpMin + 19 },
  // As the in-process harness (switchHarness.ts): short SIP timers on loopback, MD5 first for sipp.
  sipTimers: { T1: 50, T2: 400, T4: 200, timerD: 3200 },
  digestAlgorithms: ['MD5', 'SHA-256'],
  rtpTimeoutSeconds: 0,
  instanceId: env('SWITCH_INSTANCE_ID'),
  heartbeatIntervalMs: Number(env('SWITCH_HEARTBEAT_MS')),
  // Issue 11: as the in-process harness, media in workers when VAXEL_MEDIA_WORKERS is set.
  ...(process.env.VAXEL_MEDIA_WORKERS ? { mediaWorkers: Number(process.env.VAXEL_MEDIA_WORKERS) } : {}),
  ...(process.env.SWITCH_DEBUG
    ? { logger: { debug: console.log, info: console.log, warn: console.log, error: console.log } }
    : {
        logger: {
          debug() {},
          info() {},
          warn: (m: string, d?: object) => console.log('warn', m, d ?? ''),
          error: (m: string, d?: object) => console.log('error', m, d ?? ''),
        },
      }),
});
await sw.start();
process.stdout.write(`ready ${sw.sipPort}\n`);
process.once('SIGTERM', () => {
  void sw
    .stop()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
