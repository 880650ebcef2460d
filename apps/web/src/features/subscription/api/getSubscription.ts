import { useQuery } from '@tanstack/react-query';
import type { Subscription } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getSubscription = (orgId: string) => api<Subscription>(orgPath(orgId, '/subscription'));

export function useSubscription() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.subscription(orgId), queryFn: () => getSubscription(orgId) });
}
