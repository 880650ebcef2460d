import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResponseGroup } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R16: an agent logs in to or out of a group. */
export const setAgentLogin = (orgId: string, groupId: string, userId: string, loggedIn: boolean) =>
  api<unknown>(orgPath(orgId, `/response-groups/${groupId}/agents/${userId}/login`), {
    method: 'PUT',
    body: { loggedIn },
  });

/** The switch moves at once; it moves back if the server refuses. */
export function useSetAgentLogin(groupId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const key = queryKeys.responseGroups(orgId);
  return useMutation({
    mutationFn: (v: { userId: string; loggedIn: boolean }) => setAgentLogin(orgId, groupId, v.userId, v.loggedIn),
    onMutate: async (v) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<ResponseGroup[]>(key);
      queryClient.setQueryData<ResponseGroup[]>(key, (list) =>
        list?.map((g) =>
          g.id === groupId
            ? { ...g, agents: g.agents.map((a) => (a.userId === v.userId ? { ...a, loggedIn: v.loggedIn } : a)) }
            : g,
        ),
      );
      return { before };
    },
    onError: (_error, _v, context) => context?.before && queryClient.setQueryData(key, context.before),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
