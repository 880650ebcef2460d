import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditPage } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** The audit log's filters as the API takes them in the query string. */
export type AuditFilters = {
  objectType?: string;
  objectId?: string;
  actorAccountId?: string;
  from?: string;
  to?: string;
};

export const getAuditLog = (orgId: string, filters: AuditFilters, cursor?: string) =>
  api<AuditPage>(orgPath(orgId, '/audit-log'), { query: { ...filters, limit: 50, cursor } });

/** Newest first, paged by the API's cursor: each "load more" fetches the next page. */
export function useAuditLog(filters: AuditFilters) {
  const orgId = useOrgId();
  return useInfiniteQuery({
    queryKey: queryKeys.auditLog(orgId, filters),
    queryFn: ({ pageParam }) => getAuditLog(orgId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
