import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** DELETE a group; its number becomes unassigned (R18). */
export const deleteResponseGroup = (orgId: string, groupId: string) =>
  api<void>(orgPath(orgId, `/response-groups/${groupId}`), { method: 'DELETE' });

export function useDeleteResponseGroup() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groupId: string) => deleteResponseGroup(orgId, groupId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
