import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvitationAccept, Me } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';

export type Accepted = { me: Me; token?: string; expiresAt?: string };

/** Accepts with a new or the account's password, or with the session the console already has. */
export const acceptInvitation = (token: string, body: InvitationAccept) =>
  api<Accepted>(`/auth/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationAccept) => acceptInvitation(token, body),
    onSuccess: (accepted) => queryClient.setQueryData(queryKeys.me, accepted.me),
  });
}
