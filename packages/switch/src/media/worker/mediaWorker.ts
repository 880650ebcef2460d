import { parentPort, workerData } from 'node:worker_threads';
import { MediaWorkerHost, type WorkerPort } from './mediaWorkerHost.ts';
import type { MediaWorkerData } from './mediaWorkerProtocol.ts';

/**
 * A media worker thread's entry (issue 11): the calls' RTP, players, bridges, digit detection and
 * recorders of one slice of the switch's RTP port range, in a {@link MediaWorkerHost} over the
 * thread's parent port. Loaded through `mediaWorkerBoot.mjs`, which teaches the thread TypeScript.
 */
if (!parentPort) throw new Error('mediaWorker.ts runs in a worker thread (MediaWorkers starts it)');
new MediaWorkerHost(parentPort as unknown as WorkerPort, workerData as MediaWorkerData);
