import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResponseGroupSettings, ResponseGroupSettingsPatch } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PATCH the defaults for new groups; existing groups keep their settings (R13). */
export const updateResponseGroupDefaults = (orgId: string, body: ResponseGroupSettingsPatch) =>
  api<ResponseGroupSettings>(orgPath(orgId, '/response-group-defaults'), { method: 'PATCH', body });

export function useUpdateResponseGroupDefaults() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResponseGroupSettingsPatch) => updateResponseGroupDefaults(orgId, body),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.responseGroupDefaults(orgId), settings),
  });
}
