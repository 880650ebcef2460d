import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User, UserUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const updateUser = (orgId: string, userId: string, body: UserUpdate) => api<User>(orgPath(orgId, `/users/${userId}`), { method: 'PATCH', body });

export function useUpdateUser(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserUpdate) => updateUser(orgId, userId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
