import { useQuery } from '@tanstack/react-query';
import type { CallStatistics } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type StatisticsQuery = { from?: string; to?: string; bucket: 'hour' | 'day' };

/** R60, bucketed by the API in the organisation's time zone. */
export const getCallStatistics = (orgId: string, q: StatisticsQuery) =>
  api<CallStatistics>(orgPath(orgId, '/calls/statistics'), { query: q });

export function useCallStatistics(q: StatisticsQuery) {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.callStatistics(orgId, q), queryFn: () => getCallStatistics(orgId, q) });
}
