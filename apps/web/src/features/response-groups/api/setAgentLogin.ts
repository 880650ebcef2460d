import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R16: an agent logs in to or out of a group. */
export const setAgentLogin = (orgId: string, groupId: string, userId: string, loggedIn: boolean) =>
  api<unknown>(orgPath(orgId, `/response-groups/${groupId}/agents/${userId}/login`), { method: 'PUT', body: { loggedIn } });

export function useSetAgentLogin(groupId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: string; loggedIn: boolean }) => setAgentLogin(orgId, groupId, v.userId, v.loggedIn),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.responseGroups(orgId) }),
  });
}
