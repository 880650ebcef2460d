/**
 * The switch in a process of its own, for the benches (bench/switchCalls.ts): a store seeded as
 * packages/switch/test/fixtures.ts `seed` does (SQLite, a temp file, so the call log is written to
 * disk per call) and a Switch on loopback built by bench/benchSwitch.ts. Its parent measures this
 * process's CPU from /proc/PID/stat, every thread included.
 *
 * IPC (child_process.fork): sends `{ type: 'ready', sipPort, password }` once started; answers
 * `{ type: 'stats' }` with `{ type: 'stats', stats }` and `{ type: 'mark' }` with `{ type: 'mark', atUs }`
 * (the monotonic clock in µs, which a `--cpu-prof` profile's times use: bench/callSetup.ts cuts its
 * window with it); `{ type: 'stop' }` stops the switch and exits.
 * Environment: SWITCH_SIP_PORT, SWITCH_RTP_MIN/SWITCH_RTP_MAX, VAXEL_MEDIA_WORKERS and
 * SWITCH_OPTIONS (JSON merged into the options: overload settings and the like, passed through).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Switch } from '../packages/switch/src/index.ts';
import { seed } from '../packages/switch/test/fixtures.ts';
import { benchSwitchOptions, passThroughOptions } from './benchSwitch.ts';

const send = (message: object) => process.send?.(message);
const folder = mkdtempSync(join(tmpdir(), 'vaxel-bench-switch-'));
const world = await seed({ trunkPort: 5060, url: `sqlite:${join(folder, 'vaxel.db')}` });
const sw = new Switch({
  ...benchSwitchOptions({
    store: world.store,
    sipPort: Number(process.env.SWITCH_SIP_PORT),
    rtpPortRange: { min: Number(process.env.SWITCH_RTP_MIN), max: Number(process.env.SWITCH_RTP_MAX) },
  }),
  ...passThroughOptions(process.env),
});
await sw.start();
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') send({ type: 'stats', stats: sw.stats() });
  if (message.type === 'mark') send({ type: 'mark', atUs: Number(process.hrtime.bigint() / 1000n) });
  if (message.type === 'stop')
    void sw
      .stop()
      .then(() => world.store.close())
      .finally(() => {
        rmSync(folder, { recursive: true, force: true });
        process.exit(0);
      });
});
send({ type: 'ready', sipPort: sw.sipPort, password: world.alice.password });
