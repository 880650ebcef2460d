import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const deleteTeam = (orgId: string, teamId: string) =>
  api<void>(orgPath(orgId, `/teams/${teamId}`), { method: 'DELETE' });

export function useDeleteTeam() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (teamId: string) => deleteTeam(orgId, teamId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
