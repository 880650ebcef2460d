import { useInfiniteQuery } from '@tanstack/react-query';
import type { Recording } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type RecordingPage = { recordings: Recording[]; nextCursor: string | null };

export const getRecordings = (orgId: string, cursor?: string) => api<RecordingPage>(orgPath(orgId, '/recordings'), { query: { limit: 50, cursor } });

export function useRecordings() {
  const orgId = useOrgId();
  return useInfiniteQuery({
    queryKey: queryKeys.recordings(orgId),
    queryFn: ({ pageParam }) => getRecordings(orgId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
