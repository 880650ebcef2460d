import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';
import { ApiError } from '../../../shared/api/problem.ts';

/** DELETE the block (issue 10); the switch is told at once and judges the next international call afresh. */
export const liftOutboundBlock = (orgId: string) => api<void>(orgPath(orgId, '/outbound-block'), { method: 'DELETE' });

export function useLiftOutboundBlock() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const cleared = () => queryClient.setQueryData(queryKeys.outboundBlock(orgId), { block: null });
  return useMutation({
    mutationFn: () => liftOutboundBlock(orgId),
    onSuccess: cleared,
    // 404: someone else lifted it meanwhile; the banner goes all the same.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) cleared();
    },
  });
}
