import { useQuery } from '@tanstack/react-query';
import type { UserRouting } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getUserRouting = (orgId: string, userId: string) =>
  api<UserRouting>(orgPath(orgId, `/users/${userId}/routing`));

export function useUserRouting(userId: string | null) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: queryKeys.userRouting(orgId, userId ?? ''),
    queryFn: () => getUserRouting(orgId, userId as string),
    enabled: !!userId,
  });
}
