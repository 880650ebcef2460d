import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvitationIssued } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** "Send a new invitation" to a pending user: a new link; the previous one stops working. */
export const resendInvitation = (orgId: string, userId: string) =>
  api<InvitationIssued>(orgPath(orgId, `/users/${encodeURIComponent(userId)}/invitation`), { method: 'POST' });

export function useResendInvitation(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => resendInvitation(orgId, userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId, 'users'] }),
  });
}
