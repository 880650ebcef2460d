import { useQuery } from '@tanstack/react-query';
import type { RecordingListing } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** Every recording of one call (an on-demand call can have several), oldest first. */
export const getCallRecordings = async (orgId: string, callId: string) => {
  const page = await api<{ recordings: RecordingListing[] }>(orgPath(orgId, '/recordings'), {
    query: { callId, limit: 500 },
  });
  return [...page.recordings].reverse();
};

export function useCallRecordings(callId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: queryKeys.callRecordings(orgId, callId),
    queryFn: () => getCallRecordings(orgId, callId),
  });
}
