import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvitationIssued, User, UserUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** A new email makes the user pending: the answer then carries the new invitation. */
export const updateUser = (orgId: string, userId: string, body: UserUpdate) =>
  api<User & { invitation?: InvitationIssued }>(orgPath(orgId, `/users/${userId}`), { method: 'PATCH', body });

export function useUpdateUser(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserUpdate) => updateUser(orgId, userId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
