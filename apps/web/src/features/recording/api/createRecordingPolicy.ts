import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RecordingPolicy, RecordingPolicyCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R56: a policy for the organisation, a group or a user; the most specific one governs a call. */
export const createRecordingPolicy = (orgId: string, body: RecordingPolicyCreate) =>
  api<RecordingPolicy>(orgPath(orgId, '/recording-policies'), { method: 'POST', body });

export function useCreateRecordingPolicy() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordingPolicyCreate) => createRecordingPolicy(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recordingPolicies(orgId) }),
  });
}
