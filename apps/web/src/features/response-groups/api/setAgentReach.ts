import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentReach, ResponseGroup } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R74: where an agent is rung for the group's calls (PATCH …/agents/{userId}). */
export const setAgentReach = (orgId: string, groupId: string, userId: string, reachOn: AgentReach) =>
  api<unknown>(orgPath(orgId, `/response-groups/${groupId}/agents/${userId}`), { method: 'PATCH', body: { reachOn } });

/** The choice moves at once; it moves back if the server refuses. */
export function useSetAgentReach(groupId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const key = queryKeys.responseGroups(orgId);
  return useMutation({
    mutationFn: (v: { userId: string; reachOn: AgentReach }) => setAgentReach(orgId, groupId, v.userId, v.reachOn),
    onMutate: async (v) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<ResponseGroup[]>(key);
      queryClient.setQueryData<ResponseGroup[]>(key, (list) =>
        list?.map((g) =>
          g.id === groupId
            ? { ...g, agents: g.agents.map((a) => (a.userId === v.userId ? { ...a, reachOn: v.reachOn } : a)) }
            : g,
        ),
      );
      return { before };
    },
    onError: (_error, _v, context) => context?.before && queryClient.setQueryData(key, context.before),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
