import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RecordingPolicy, RecordingPolicyUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const updateRecordingPolicy = (orgId: string, id: string, body: RecordingPolicyUpdate) =>
  api<RecordingPolicy>(orgPath(orgId, `/recording-policies/${id}`), { method: 'PATCH', body });

export function useUpdateRecordingPolicy(id: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordingPolicyUpdate) => updateRecordingPolicy(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recordingPolicies(orgId) }),
  });
}
