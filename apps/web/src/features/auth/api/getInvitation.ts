import { useQuery } from '@tanstack/react-query';
import type { InvitationDetails } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';

/** What an invitation link is for (404 invitation_not_found, 410 invitation_expired). */
export const getInvitation = (token: string) =>
  api<InvitationDetails>(`/auth/invitations/${encodeURIComponent(token)}`);

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => getInvitation(token),
    retry: false,
    staleTime: Infinity,
  });
}
