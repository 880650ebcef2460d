import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserRouting, UserRoutingUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PUT a user's own settings: `overrides` to set, `followDefault` to go back to the default (R30, R37). */
export const updateUserRouting = (orgId: string, userId: string, body: UserRoutingUpdate) =>
  api<UserRouting>(orgPath(orgId, `/users/${userId}/routing`), { method: 'PUT', body });

export function useUpdateUserRouting(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserRoutingUpdate) => updateUserRouting(orgId, userId, body),
    onSuccess: (routing) => queryClient.setQueryData(queryKeys.userRouting(orgId, userId), routing),
  });
}
