import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const deleteUser = (orgId: string, userId: string) =>
  api<void>(orgPath(orgId, `/users/${userId}`), { method: 'DELETE' });

export function useDeleteUser() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => deleteUser(orgId, userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
