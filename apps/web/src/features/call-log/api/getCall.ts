import { useQuery } from '@tanstack/react-query';
import type { CallRecord } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getCall = (orgId: string, callId: string) =>
  api<CallRecord>(orgPath(orgId, `/calls/${encodeURIComponent(callId)}`));

export function useCall(callId: string) {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.call(orgId, callId), queryFn: () => getCall(orgId, callId) });
}
