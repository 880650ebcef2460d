/**
 * Flood benchmark (issue 10): the Switch with its default flood limits (what `vaxel start` runs
 * with) in this process, 100 legitimate calls from a phone registered at 127.0.0.3 to Bob's phone
 * (127.0.0.1), placed twice: once alone, once while sipp floods OPTIONS and INVITEs (without
 * credentials) from 127.0.0.5. Legitimate failures (goal 0) and their post-dial delay (sipp's
 * response time from the authenticated INVITE to the 200) for each run, beside each other.
 *
 *   node_modules/.bin/tsx bench/sipFlood.ts [--calls 100] [--rate 10] [--flood-rate 1000]
 *
 * Writes the figures into bench/README.md between the flood markers (other sections untouched).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Switch, type SipSecurityEvent } from '../packages/switch/src/index.ts';
import { seed } from '../packages/switch/test/fixtures.ts';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { quantile, sipp, type SippResult } from './sippLoad.ts';
import { writeReadmeSection } from './benchSwitch.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const scenarios = join(root, 'test/sipp');
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100' },
    rate: { type: 'string', default: '10' },
    'flood-rate': { type: 'string', default: '1000' },
  },
});
const calls = Number(values.calls);
const rate = Number(values.rate);
const floodRate = Number(values['flood-rate']);

let port = 43000;
const nextPort = () => (port += 4);

interface Run {
  caller: SippResult;
  callee: SippResult;
  seconds: number;
}

async function main(): Promise<void> {
  const world = await seed({ trunkPort: nextPort() });
  const switchPort = nextPort();
  const events: SipSecurityEvent[] = [];
  const sw = new Switch({
    store: world.store,
    sipPort: switchPort,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange: { min: 50000, max: 54000 },
    // sipp 3.6 answers only the first challenge and only with MD5.
    digestAlgorithms: ['MD5', 'SHA-256'],
    rtpTimeoutSeconds: 0,
    securityLog: { record: (event) => events.push(event) },
  });
  await sw.start();
  const target = `127.0.0.1:${switchPort}`;
  const register = async (user: string, address: string, sippPort: number) => {
    const run = await sipp(
      [
        '-sf',
        join(scenarios, 'register.xml'),
        '-m',
        '1',
        '-s',
        user,
        '-au',
        user,
        '-ap',
        world.alice.password,
        '-key',
        'expires',
        '3600',
        '-p',
        String(sippPort),
        target,
      ],
      {},
      address,
    ).done;
    if (run.successful !== 1) throw new Error(`registration of ${user} failed:\n${run.output}`);
  };
  await register('alice', '127.0.0.3', nextPort());

  const legitimateCalls = async (): Promise<Run> => {
    const bobPort = nextPort();
    await register('bob', '127.0.0.1', bobPort);
    const bob = sipp([
      '-sf',
      join(scenarios, 'uas-answer.xml'),
      '-m',
      String(calls),
      '-d',
      '0',
      '-key',
      'rtpport',
      String(nextPort()),
      '-s',
      'bob',
      '-p',
      String(bobPort),
    ]);
    await untilBound(bobPort);
    const started = Date.now();
    const caller = await sipp(
      [
        '-sf',
        join(scenarios, 'uac-call.xml'),
        '-m',
        String(calls),
        '-r',
        String(rate),
        '-l',
        String(calls),
        '-d',
        '1000',
        '-s',
        '1002',
        '-au',
        'alice',
        '-ap',
        world.alice.password,
        '-key',
        'caller',
        'alice',
        '-key',
        'rtpport',
        String(nextPort()),
        '-p',
        String(nextPort()),
        target,
        '-timeout',
        `${Math.ceil(calls / rate) + 60}s`,
      ],
      {},
      '127.0.0.3',
    ).done;
    const seconds = (Date.now() - started) / 1000;
    // The callee waits for as many calls as were placed; those that failed never reach it.
    const stop = setTimeout(() => bob.kill(), 20_000);
    const callee = await bob.done;
    clearTimeout(stop);
    return { caller, callee, seconds };
  };

  const quiet = await legitimateCalls();

  const flood = (scenario: string) =>
    sipp(
      [
        '-sf',
        join(scenarios, scenario),
        '-m',
        String(floodRate * 600),
        '-r',
        String(floodRate),
        '-l',
        String(floodRate * 2),
        '-s',
        '1002',
        '-p',
        String(nextPort()),
        target,
        '-timeout',
        '600s',
      ],
      {},
      '127.0.0.5',
    );
  const floods = [flood('flood-options.xml'), flood('flood-invite.xml')];
  const before = sw.edgeStats().flood;
  const flooded = await legitimateCalls();
  const during = sw.edgeStats().flood;
  for (const f of floods) f.kill();
  const [options, invites] = await Promise.all(floods.map((f) => f.done));
  // sipp's own count of what the flood sent: the calls it started (each one OPTIONS or INVITE).
  const floodSent = options!.successful + options!.failed + (invites!.successful + invites!.failed);

  for (let i = 0; i < 800 && (sw.stats().calls > 0 || sw.stats().rtpPorts > 0); i++)
    await new Promise((r) => setTimeout(r, 50));
  const left = sw.stats();
  await sw.stop();
  await world.store.close();

  const row = (name: string, run: Run) => {
    const pdd = [...run.caller.rtt].sort((a, b) => a - b);
    return `| ${name} | ${calls} | ${run.caller.successful} | ${run.caller.failed} | ${quantile(pdd, 0.5).toFixed(1)} | ${quantile(pdd, 0.99).toFixed(1)} | ${pdd.length} | ${run.seconds.toFixed(1)} |`;
  };
  const bans = events.filter((e) => e.type === 'ban' && e.source === '127.0.0.5').length;
  const section = [
    '## SIP flood',
    '',
    `\`node_modules/.bin/tsx bench/sipFlood.ts --calls ${calls} --rate ${rate} --flood-rate ${floodRate}\` — the Switch in the bench process with its`,
    `default flood limits, sipp 3.6 on loopback, ${cpus().length} shared cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}.`,
    `Measured ${new Date().toISOString().slice(0, 16)}Z. ${calls} calls at ${rate}/s, 1 s each, from a phone registered at 127.0.0.3 to Bob's phone,`,
    `alone and then while sipp floods OPTIONS and INVITEs without credentials from 127.0.0.5 at ${floodRate}/s each.`,
    "Succeeded/failed are sipp's statistics; post-dial delay is sipp's response time (authenticated INVITE to 200, -trace_rtt).",
    '',
    '| run | calls | succeeded | failed | post-dial delay p50 ms | p99 ms | samples | duration s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('no flood', quiet),
    row(`OPTIONS + INVITE flood, ${floodRate}/s each`, flooded),
    '',
    `During the flooded run the switch dropped ${during.dropped - before.dropped} messages unread (flood guard), shed ${during.shed - before.shed} at the total cap;`,
    `the flood's sipp counted ${floodSent} OPTIONS/INVITE started (its statistics, written once a second, lag the kill); 127.0.0.5 was banned ${bans} time(s). Callee: ${quiet.callee.successful} and ${flooded.callee.successful} calls answered.`,
    `After the runs: ${left.calls} calls, ${left.rtpPorts} RTP ports left (transactions finishing their timers, Timer L/M 32 s with the default T1: ${left.transactions}).`,
  ].join('\n');
  console.log(section);
  if (quiet.caller.failed > 0 || flooded.caller.failed > 0) console.log(quiet.caller.output, flooded.caller.output);

  writeReadmeSection('flood', section);
}

await main();
