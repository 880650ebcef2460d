import { useEffect, useState } from 'react';
import type { ResponseGroupLive } from '@vaxel/domain';
import { api, orgPath, orgUrl } from '../../../shared/api/client.ts';
import type { ApiError } from '../../../shared/api/problem.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type LiveGroup = {
  /** The latest snapshot, null until the first arrives. */
  live: ResponseGroupLive | null;
  /** Server time minus browser time when it arrived, so waits tick on the server's clock. */
  clockOffsetMs: number;
  /** `live`: the stream is open; `reconnecting`: it dropped and the browser is reconnecting. */
  status: 'connecting' | 'live' | 'reconnecting';
  /** A refusal that reconnecting will not cure (403, 404). */
  error: ApiError | null;
};

/** How long to wait before opening a new stream after the browser gave up on one (a restart, an expired session). */
const reopenAfterMs = 5_000;

export const getLiveGroup = (orgId: string, groupId: string) =>
  api<ResponseGroupLive>(orgPath(orgId, `/response-groups/${encodeURIComponent(groupId)}/live`));

/**
 * R19: the group's live view through server-sent events (`…/live/events`), no polling. The
 * snapshot is read once first, so a refusal arrives as problem+json (EventSource cannot show a
 * status); then the stream sends a snapshot on every change. The browser's EventSource
 * reconnects by itself after a dropped connection; when it gives up (the server answered with
 * an error), this reads the snapshot again and, unless refused, opens a new stream.
 */
export function useLiveGroup(groupId: string): LiveGroup {
  const orgId = useOrgId();
  const [state, setState] = useState<LiveGroup>({ live: null, clockOffsetMs: 0, status: 'connecting', error: null });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const received = (live: ResponseGroupLive) =>
      setState({ live, clockOffsetMs: Date.parse(live.at) - Date.now(), status: 'live', error: null });

    const open = async () => {
      try {
        received(await getLiveGroup(orgId, groupId));
      } catch (error) {
        const refusal = error as ApiError;
        if (stopped) return;
        if (refusal.problem && [401, 403, 404].includes(refusal.problem.status)) {
          setState((s) => ({ ...s, error: refusal }));
          return;
        }
        setState((s) => ({ ...s, status: 'reconnecting' }));
        retry = setTimeout(() => void open(), reopenAfterMs);
        return;
      }
      if (stopped) return;
      source = new EventSource(orgUrl(orgId, `/response-groups/${encodeURIComponent(groupId)}/live/events`), {
        withCredentials: true,
      });
      source.onmessage = (event: MessageEvent<string>) => received(JSON.parse(event.data) as ResponseGroupLive);
      source.onerror = () => {
        if (!source || stopped) return;
        setState((s) => ({ ...s, status: 'reconnecting' }));
        if (source.readyState === EventSource.CLOSED) {
          source = null;
          retry = setTimeout(() => void open(), reopenAfterMs);
        }
      };
    };
    void open();
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
    };
  }, [orgId, groupId]);
  return state;
}
