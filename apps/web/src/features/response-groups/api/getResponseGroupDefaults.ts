import { useQuery } from '@tanstack/react-query';
import type { ResponseGroupSettings } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getResponseGroupDefaults = (orgId: string) =>
  api<ResponseGroupSettings>(orgPath(orgId, '/response-group-defaults'));

export function useResponseGroupDefaults() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.responseGroupDefaults(orgId), queryFn: () => getResponseGroupDefaults(orgId) });
}
