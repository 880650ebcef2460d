import { useQuery } from '@tanstack/react-query';
import type { CallRoutingDefaults } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getCallRoutingDefaults = (orgId: string) =>
  api<CallRoutingDefaults>(orgPath(orgId, '/call-routing-defaults'));

export function useCallRoutingDefaults() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.callRoutingDefaults(orgId), queryFn: () => getCallRoutingDefaults(orgId) });
}
