import { useQuery } from '@tanstack/react-query';
import type { RecordingPolicy } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getRecordingPolicies = (orgId: string) => api<RecordingPolicy[]>(orgPath(orgId, '/recording-policies'));

export function useRecordingPolicies() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.recordingPolicies(orgId), queryFn: () => getRecordingPolicies(orgId) });
}
