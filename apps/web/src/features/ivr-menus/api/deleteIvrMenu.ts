import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** DELETE an IVR menu; refused (409 in_use) while anything points to it, listing what does (R24). */
export const deleteIvrMenu = (orgId: string, menuId: string) =>
  api<void>(orgPath(orgId, `/ivr-menus/${menuId}`), { method: 'DELETE' });

export function useDeleteIvrMenu() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (menuId: string) => deleteIvrMenu(orgId, menuId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
