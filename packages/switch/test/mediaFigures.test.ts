import { createSocket, type Socket } from 'node:dgram';
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './sipp.ts';
import { rtpPcap } from './rtpPcap.ts';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * Issue 11, "Metrics for operators": the switch counts its calls' RTP on the thread that carries
 * it — its own (`mediaWorkers: 0`) or a media worker — and reports each thread's load.
 */
describe.each([
  { mediaWorkers: 0, threads: ['main'] },
  { mediaWorkers: 2, threads: ['media-0', 'media-1'] },
])('the RTP figures with $mediaWorkers media workers', ({ mediaWorkers, threads }) => {
  let world: World;
  let calleeMedia: Socket;
  let heard = 0;
  beforeAll(async () => {
    world = await startWorld({ switch: { mediaWorkers } });
    calleeMedia = createSocket('udp4');
    calleeMedia.on('message', () => heard++);
  });
  afterAll(async () => {
    calleeMedia.close();
    await expectNothingLeft(world);
    await stopWorld(world);
  });

  it('counts a call’s packets in and out on its media thread, none lost, and names every thread’s load', async () => {
    const summed = (key: 'packetsReceived' | 'packetsSent' | 'packetsLost') =>
      world.sw.mediaStats().threads.reduce((sum, thread) => sum + thread[key], 0);
    expect(world.sw.mediaStats().threads.map((t) => t.thread)).toEqual(threads);
    expect(world.sw.threadLoads().map((t) => t.thread)).toEqual(['main', ...(mediaWorkers ? threads : [])]);

    const calleePort = freePort();
    await new Promise<void>((resolve) => calleeMedia.bind(calleePort, '127.0.0.1', resolve));
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml', { keys: { rtpport: String(calleePort) } });
    const aliceMediaPort = freePort();
    freePort(); // sipp also binds video RTP on -mp + 2
    freePort();
    const alice = await call(world, world.seed.alice, '1002', 'uac-call-audio.xml', {
      talkMs: 1500,
      extra: ['-mp', String(aliceMediaPort)],
      files: { 'audio.pcap': rtpPcap(50) },
    });
    expect(alice.code, alice.output + alice.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({ outcome: 'answered' });

    // Workers sum their calls' figures once a second; the switch's own thread when read.
    const settled = () => world.sw.mediaStats().threads.every((t) => t.calls === 0 && t.streamsReceiving === 0);
    await until(
      'the call’s RTP counted, and nothing open',
      () => (summed('packetsReceived') >= 50 && settled()) || `${summed('packetsReceived')} received`,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(summed('packetsReceived')).toBe(50);
    expect(summed('packetsSent')).toBe(heard);
    expect(heard).toBe(50);
    expect(summed('packetsLost')).toBe(0);
    for (const load of world.sw.threadLoads()) {
      expect(load.utilization, load.thread).toBeGreaterThan(0);
      expect(load.utilization, load.thread).toBeLessThanOrEqual(1);
      expect(load.eventLoopDelayMs, load.thread).toBeGreaterThanOrEqual(0);
    }
  });
});
