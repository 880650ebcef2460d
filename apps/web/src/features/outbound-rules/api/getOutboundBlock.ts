import { useQuery } from '@tanstack/react-query';
import type { OutboundBlock } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getOutboundBlock = (orgId: string) =>
  api<{ block: OutboundBlock | null }>(orgPath(orgId, '/outbound-block'));

/**
 * Issue 10: whether the switch has blocked international calls. Read again every half minute, so
 * a console left open on any page learns of a block soon after the switch sets it.
 */
export function useOutboundBlock() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: queryKeys.outboundBlock(orgId),
    queryFn: () => getOutboundBlock(orgId),
    refetchInterval: 30_000,
  });
}
