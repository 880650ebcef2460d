import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvitationIssued, User, UserCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type CreatedUser = User & { invitation: InvitationIssued };

/** R3: a user with licence, permissions, extension, numbers and SIP credentials; the person is invited. */
export const createUser = (orgId: string, body: Partial<UserCreate>) =>
  api<CreatedUser>(orgPath(orgId, '/users'), { method: 'POST', body });

export function useCreateUser() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<UserCreate>) => createUser(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
