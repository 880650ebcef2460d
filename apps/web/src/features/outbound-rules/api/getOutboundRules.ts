import { useQuery } from '@tanstack/react-query';
import type { OutboundRules } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getOutboundRules = (orgId: string) => api<OutboundRules>(orgPath(orgId, '/outbound-rules'));

export function useOutboundRules() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.outboundRules(orgId), queryFn: () => getOutboundRules(orgId) });
}
