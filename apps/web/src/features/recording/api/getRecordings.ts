import { useInfiniteQuery } from '@tanstack/react-query';
import type { RecordingListing } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type RecordingPage = { recordings: RecordingListing[]; nextCursor: string | null };

/** The recordings the person may hear (all for phone_system; their own calls' and their groups' otherwise). */
export const getRecordings = (orgId: string, cursor?: string) =>
  api<RecordingPage>(orgPath(orgId, '/recordings'), { query: { limit: 50, cursor } });

export function useRecordings() {
  const orgId = useOrgId();
  return useInfiniteQuery({
    queryKey: queryKeys.recordings(orgId),
    queryFn: ({ pageParam }) => getRecordings(orgId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
