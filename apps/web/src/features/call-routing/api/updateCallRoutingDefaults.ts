import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallRoutingDefaults, CallRoutingDefaultsUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PATCH the defaults; users who set a field themselves keep their value (R30). */
export const updateCallRoutingDefaults = (orgId: string, body: CallRoutingDefaultsUpdate) =>
  api<CallRoutingDefaults>(orgPath(orgId, '/call-routing-defaults'), { method: 'PATCH', body });

export function useUpdateCallRoutingDefaults() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CallRoutingDefaultsUpdate) => updateCallRoutingDefaults(orgId, body),
    onSuccess: (defaults) => {
      queryClient.setQueryData(queryKeys.callRoutingDefaults(orgId), defaults);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users(orgId) });
    },
  });
}
