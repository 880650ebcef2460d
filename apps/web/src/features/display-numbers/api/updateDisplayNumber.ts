import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DisplayNumber, DisplayNumberUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R51–R52: who may use it; for a group's number, all agents and/or all supervisors. */
export const updateDisplayNumber = (orgId: string, id: string, body: DisplayNumberUpdate) =>
  api<DisplayNumber>(orgPath(orgId, `/display-numbers/${id}`), { method: 'PATCH', body });

export function useUpdateDisplayNumber(id: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DisplayNumberUpdate) => updateDisplayNumber(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.displayNumbers(orgId) }),
  });
}
