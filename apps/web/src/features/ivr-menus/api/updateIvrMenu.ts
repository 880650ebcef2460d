import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IvrMenu, IvrMenuUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const updateIvrMenu = (orgId: string, menuId: string, body: IvrMenuUpdate) =>
  api<IvrMenu>(orgPath(orgId, `/ivr-menus/${menuId}`), { method: 'PATCH', body });

export function useUpdateIvrMenu(menuId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IvrMenuUpdate) => updateIvrMenu(orgId, menuId, body),
    onSuccess: (menu) => {
      queryClient.setQueryData<IvrMenu[]>(queryKeys.ivrMenus(orgId), (list) =>
        list?.map((m) => (m.id === menu.id ? menu : m)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.numbers(orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) });
    },
  });
}
