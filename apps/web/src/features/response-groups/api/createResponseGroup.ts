import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResponseGroup, ResponseGroupCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** POST response-groups; the organisation's defaults for new groups become the group's settings (R13). */
export const createResponseGroup = (orgId: string, body: ResponseGroupCreate) =>
  api<ResponseGroup>(orgPath(orgId, '/response-groups'), { method: 'POST', body });

export function useCreateResponseGroup() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResponseGroupCreate) => createResponseGroup(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
