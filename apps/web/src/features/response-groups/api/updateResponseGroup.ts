import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResponseGroup, ResponseGroupUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const updateResponseGroup = (orgId: string, groupId: string, body: ResponseGroupUpdate) =>
  api<ResponseGroup>(orgPath(orgId, `/response-groups/${groupId}`), { method: 'PATCH', body });

export function useUpdateResponseGroup(groupId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResponseGroupUpdate) => updateResponseGroup(orgId, groupId, body),
    onSuccess: (group) => {
      queryClient.setQueryData<ResponseGroup[]>(queryKeys.responseGroups(orgId), (list) =>
        list?.map((g) => (g.id === group.id ? group : g)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.numbers(orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.displayNumbers(orgId) });
    },
  });
}
