import { useInfiniteQuery } from '@tanstack/react-query';
import type { CallPage } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R59 filters as the API takes them in the query string. */
export type CallFilters = {
  from?: string;
  to?: string;
  number?: string;
  userId?: string;
  responseGroupId?: string;
  direction?: string;
  outcome?: string;
  /** 'true': only emergency calls (R92); 'false': only the others. */
  emergency?: 'true' | 'false';
  /** R14: the callback calls placed for this call. */
  callbackForCallId?: string;
};

export const getCalls = (orgId: string, filters: CallFilters, cursor?: string) =>
  api<CallPage>(orgPath(orgId, '/calls'), { query: { ...filters, limit: 50, cursor } });

/** Paged by the API's cursor: each "load more" fetches the next page. */
export function useCalls(filters: CallFilters) {
  const orgId = useOrgId();
  return useInfiniteQuery({
    queryKey: queryKeys.calls(orgId, filters),
    queryFn: ({ pageParam }) => getCalls(orgId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
