import { PassThrough } from 'node:stream';
import type { ResponseGroupLive } from '@vaxel/domain';

export type LiveEventTiming = {
  /** Changes closer together than this are sent as one snapshot (default 200 ms). */
  coalesceMs: number;
  /** A comment line this often keeps proxies and the browser from closing a quiet stream (default 15 s). */
  heartbeatMs: number;
};

export const defaultLiveEventTiming: LiveEventTiming = { coalesceMs: 200, heartbeatMs: 15_000 };

/**
 * The body of `GET …/live/events` (server-sent events, HTML Living Standard §9.2): the first
 * snapshot at once, then one snapshot after each burst of changes — the first change of a burst
 * is sent at most `coalesceMs` after the last snapshot, later ones of the same burst ride along —
 * and a heartbeat comment in between. `close()` (the client went away) stops the timers, drops
 * the subscriptions and ends the body; calling it twice is safe.
 */
export function liveEventStream(options: {
  first: ResponseGroupLive;
  snapshot: () => Promise<ResponseGroupLive>;
  subscribe: (listener: () => void) => Array<() => void>;
  timing: LiveEventTiming;
  onError: (error: unknown) => void;
}): { body: PassThrough; close: () => void } {
  const body = new PassThrough();
  let closed = false;
  let pending: NodeJS.Timeout | null = null;
  let sending = false;
  let changedWhileSending = false;
  let lastSentAt = Date.now();

  const write = (chunk: string) => {
    if (!closed) body.write(chunk);
  };
  // `retry`: how long the browser's EventSource waits before it reconnects after a drop.
  write(`retry: 3000\n\n`);
  write(`data: ${JSON.stringify(options.first)}\n\n`);

  const send = async () => {
    pending = null;
    if (closed) return;
    sending = true;
    try {
      const snapshot = await options.snapshot();
      lastSentAt = Date.now();
      write(`data: ${JSON.stringify(snapshot)}\n\n`);
    } catch (error) {
      // A group deleted while watched, or a failed read: the stream ends, the browser reconnects and is told.
      options.onError(error);
      close();
    } finally {
      sending = false;
      if (changedWhileSending) {
        changedWhileSending = false;
        changed();
      }
    }
  };
  const changed = () => {
    if (closed || pending) return;
    if (sending) {
      changedWhileSending = true;
      return;
    }
    const wait = Math.max(0, options.timing.coalesceMs - (Date.now() - lastSentAt));
    pending = setTimeout(() => void send(), wait);
  };
  const unsubscribes = options.subscribe(changed);
  const heartbeat = setInterval(() => write(`: heartbeat\n\n`), options.timing.heartbeatMs);

  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (pending) clearTimeout(pending);
    for (const unsubscribe of unsubscribes) unsubscribe();
    body.end();
  }
  return { body, close };
}
