import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IvrMenu, IvrMenuCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** POST ivr-menus (409 quota_exceeded on light beyond the allowance, R25). */
export const createIvrMenu = (orgId: string, body: IvrMenuCreate) =>
  api<IvrMenu>(orgPath(orgId, '/ivr-menus'), { method: 'POST', body });

export function useCreateIvrMenu() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IvrMenuCreate) => createIvrMenu(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
