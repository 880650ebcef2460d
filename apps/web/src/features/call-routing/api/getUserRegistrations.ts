import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type Registration = { contact: string; userAgent: string | null; source: string; expiresAt: string };

/** The user's phones registered right now (live facts from the switch). */
export const getUserRegistrations = (orgId: string, userId: string) =>
  api<Registration[]>(orgPath(orgId, `/users/${userId}/registrations`));

export function useUserRegistrations(userId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: ['org', orgId, 'users', userId, 'registrations'],
    queryFn: () => getUserRegistrations(orgId, userId),
    refetchInterval: 30_000,
  });
}
