import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OutboundRules } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PUT the whole rules (R91); the switch obeys them from the next call. */
export const replaceOutboundRules = (orgId: string, body: OutboundRules) =>
  api<OutboundRules>(orgPath(orgId, '/outbound-rules'), { method: 'PUT', body });

export function useReplaceOutboundRules() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OutboundRules) => replaceOutboundRules(orgId, body),
    onSuccess: (rules) => queryClient.setQueryData(queryKeys.outboundRules(orgId), rules),
  });
}
