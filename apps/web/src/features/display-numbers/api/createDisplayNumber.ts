import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DisplayNumber, DisplayNumberCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R50: make one of the organisation's numbers usable as caller ID by users and/or teams. */
export const createDisplayNumber = (orgId: string, body: DisplayNumberCreate) =>
  api<DisplayNumber>(orgPath(orgId, '/display-numbers'), { method: 'POST', body });

export function useCreateDisplayNumber() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DisplayNumberCreate) => createDisplayNumber(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.displayNumbers(orgId) }),
  });
}
