/**
 * Overload (issue 11) against a switch capped at 5 new calls per second, with real peers on
 * loopback: a phone offers 30 calls per second for three seconds; the calls beyond the cap get a
 * stateless 503 with Retry-After at once (sipp checks the header), the others are answered; not
 * one call is lost in between; a call already up and a registration carry on through it; the
 * overload is logged once when it starts and once when it ends.
 */
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverloadReason } from '../src/index.ts';
import { call, expectNothingLeft, phone, registerPhone, startWorld, stopWorld, type World } from './switchHarness.ts';
import { freePort } from './sipp.ts';

const CAP = 5;
const OFFERED = 90;
let world: World;
const refusals: OverloadReason[] = [];
const logLines: string[] = [];
const noted = (line: string) => logLines.push(line);
beforeAll(async () => {
  world = await startWorld({
    rtpPorts: 80,
    switch: {
      // The load generator is not flood-limited: this test is about the overload guard alone.
      flood: { exempt: ['127.0.0.1'] },
      overload: { maxCallsPerSecond: CAP },
      observer: { overloadRefused: (reason) => refusals.push(reason) },
      logger: { debug() {}, info: noted, warn: noted, error: noted },
    },
  });
});
afterAll(async () => stopWorld(world));

/** Calls in the log that were answered (`ended`: and have ended since). */
async function answeredCalls(ended = true): Promise<number> {
  const page = await world.seed.store.calls.search(world.seed.organisationId, { limit: 500 });
  return page.calls.filter((c) => (ended ? c.outcome === 'answered' : c.answeredAt !== null)).length;
}

describe('a switch offered six times its call-rate cap', () => {
  it('refuses the excess with 503 and Retry-After, answers the rest, and keeps calls up and registrations going', async () => {
    const { alice, bob, carol } = world.seed;
    const bobsPhone = await phone(world, bob, 'uas-answer.xml', { ringMs: 100, extra: ['-m', String(OFFERED + 1)] });
    try {
      // A call that is up before the overload and must last through it.
      const longCall = call(world, carol, '1002', 'uac-call.xml', { talkMs: 4000 });
      await until('the long call to be answered', async () => (await answeredCalls(false)) === 1);

      const started = performance.now();
      const burst = call(world, alice, '1002', 'uac-call-or-overload.xml', {
        talkMs: 200,
        extra: ['-m', String(OFFERED), '-r', '30', '-l', String(OFFERED)],
        timeoutSeconds: 40,
      });
      await until('the overload to start', () => refusals.length > 0);
      // A phone registers during the overload: REGISTER is never refused for it.
      await registerPhone(world, carol, freePort());
      const burstRun = await burst;
      const seconds = (performance.now() - started) / 1000;
      expect(burstRun.code, burstRun.output + burstRun.errors).toBe(0);

      const refusedBySipp = burstRun.logs.split('\n').filter((line) => line.startsWith('refused ')).length;
      expect(refusedBySipp).toBe(refusals.length);
      expect(burstRun.logs).not.toMatch(/retry-after (?!1\b)/);
      expect(new Set(refusals)).toEqual(new Set(['call_rate']));

      const longRun = await longCall;
      expect(longRun.code, longRun.output + longRun.errors).toBe(0);

      await until(
        'every answered call to be written',
        async () => (await answeredCalls()) === 1 + OFFERED - refusals.length,
      );
      const answered = (await answeredCalls()) - 1;
      // Every call was either answered or refused: none was lost, none timed out.
      expect(answered + refusals.length).toBe(OFFERED);
      // At the cap (CAP per sliding second, counted in 100-ms buckets), not far below it.
      expect(answered).toBeLessThanOrEqual(CAP * (Math.ceil(seconds / 0.9) + 1));
      expect(answered).toBeGreaterThanOrEqual(CAP * 2);
      expect(refusals.length).toBeGreaterThanOrEqual(OFFERED / 2);
      expect(world.sw.edgeStats().overload.refusals.call_rate).toBe(refusals.length);

      await until('the overload to end', () => logLines.includes('overload ended'));
      expect(logLines.filter((line) => line === 'overload: refusing new calls with 503')).toHaveLength(1);
      expect(world.sw.edgeStats().overload.overloaded).toBe(false);
    } finally {
      bobsPhone.kill();
    }
    await expectNothingLeft(world);
  });
});
