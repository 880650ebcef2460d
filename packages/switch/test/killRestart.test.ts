import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type Seed } from './fixtures.ts';
import { mediaPortFrom } from './rtpParty.ts';
import { freePort, runSipp, startSipp, untilBound, type SippProcess } from './sipp.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const INSTANCE = 'kill-test';

let folder: string;
let world: Seed;
const children: ChildProcess[] = [];
const phones: SippProcess[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vaxel-kill-'));
  world = await seed({ trunkPort: freePort(), url: `sqlite:${join(folder, 'vaxel.db')}` });
});
afterAll(async () => {
  for (const phone of phones) phone.kill();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await world.store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The switch as its own process on the test's store (support/switchProcess.ts); resolves once it is ready. */
async function startSwitch(sipPort: number, rtpMin: number): Promise<{ child: ChildProcess; output: () => string }> {
  // Node itself with tsx's loader (not the tsx CLI, which runs the program in a child of its own
  // that a SIGKILL of the CLI would leave running): the pid killed is the switch's.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/switchProcess.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SWITCH_STORE_URL: `sqlite:${join(folder, 'vaxel.db')}`,
      SWITCH_SIP_PORT: String(sipPort),
      SWITCH_RTP_MIN: String(rtpMin),
      SWITCH_INSTANCE_ID: INSTANCE,
      SWITCH_HEARTBEAT_MS: '300',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((ready, failed) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready ')) ready();
    });
    child.once('exit', (code) => failed(new Error(`the switch exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, output: () => output };
}

/** Polls `read` until `done` holds (the other process writes the store). */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a switch killed during a call (issue 10)', () => {
  it('closes the open record at its last heartbeat as switch_restart, and BYEs both phones once restarted', async () => {
    const sipPort = freePort();
    const rtpMin = 24000 + Math.floor(Math.random() * 100) * 20;
    const first = await startSwitch(sipPort, rtpMin);
    const { store, organisationId, alice, bob } = world;

    // Bob's phone registers and answers; Alice calls him. Both wait for a BYE and answer it 200.
    const bobPort = freePort();
    const registered = await runSipp({
      scenario: 'register.xml',
      port: bobPort,
      remotePort: sipPort,
      service: bob.username,
      username: bob.username,
      password: bob.password,
      keys: { expires: '600' },
    });
    expect(registered.code, registered.output + registered.errors).toBe(0);
    const bobFile = join(folder, 'bob-port');
    const bobPhone = startSipp({
      scenario: 'uas-answer-talk.xml',
      port: bobPort,
      service: bob.username,
      keys: { rtpport: String(freePort()), portfile: bobFile },
      pauseMs: 200,
      timeoutSeconds: 60,
    });
    phones.push(bobPhone);
    await untilBound(bobPort);
    const aliceFile = join(folder, 'alice-port');
    const alicePhone = startSipp({
      scenario: 'uac-call-talk.xml',
      port: freePort(),
      remotePort: sipPort,
      service: '1002',
      username: alice.username,
      password: alice.password,
      keys: { caller: alice.username, rtpport: String(freePort()), portfile: aliceFile },
      timeoutSeconds: 60,
    });
    phones.push(alicePhone);
    await mediaPortFrom(aliceFile);
    await mediaPortFrom(bobFile);

    // The call is up: its record answered, both legs' dialogs stored, and a heartbeat since the answer.
    const open = (await until(
      'the answered record',
      async () => (await store.calls.search(organisationId, { limit: 1 })).calls[0],
      (c) => c?.answeredAt != null && c.answeredByUserId === bob.record.id,
    ))!;
    await until(
      'both dialogs stored',
      () => store.switchState.listDialogs(INSTANCE),
      (rows) => rows.filter((r) => r.callId === open.id).length === 2,
    );
    await until(
      'a heartbeat after the answer',
      () => store.switchState.lastHeartbeat(INSTANCE),
      (at) => at !== null && Date.parse(at) > Date.parse(open.answeredAt!),
    );

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const killedAt = Date.now();
    const lastBeat = (await store.switchState.lastHeartbeat(INSTANCE))!;
    expect((await store.calls.get(organisationId, open.id))!.endedAt).toBeNull();

    const second = await startSwitch(sipPort, rtpMin);
    try {
      const [aliceRun, bobRun] = await Promise.all([alicePhone.done, bobPhone.done]);
      expect(aliceRun.code, `alice: ${aliceRun.output}${aliceRun.errors}\n${second.output()}`).toBe(0);
      expect(bobRun.code, `bob: ${bobRun.output}${bobRun.errors}\n${second.output()}`).toBe(0);

      const closed = (await store.calls.get(organisationId, open.id))!;
      expect(closed).toMatchObject({
        outcome: 'answered',
        endReason: 'switch_restart',
        endedAt: lastBeat,
        answeredAt: open.answeredAt,
      });
      expect(Date.parse(closed.endedAt!)).toBeGreaterThan(Date.parse(open.answeredAt!));
      expect(Date.parse(closed.endedAt!)).toBeLessThanOrEqual(killedAt);
      expect(closed.talkSeconds).toBe(Math.round((Date.parse(lastBeat) - Date.parse(open.answeredAt!)) / 1000));
      expect(closed.waitSeconds).not.toBeNull();
      // Once BYEd, the left-over dialogs are forgotten.
      await until(
        'the left-over dialogs removed',
        () => store.switchState.listDialogs(INSTANCE),
        (rows) => rows.length === 0,
      );
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => (second.child.exitCode !== null ? r(null) : second.child.once('exit', r)));
    }
  });
});
