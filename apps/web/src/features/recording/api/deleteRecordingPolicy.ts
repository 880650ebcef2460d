import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const deleteRecordingPolicy = (orgId: string, id: string) =>
  api<void>(orgPath(orgId, `/recording-policies/${id}`), { method: 'DELETE' });

export function useDeleteRecordingPolicy() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteRecordingPolicy(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recordingPolicies(orgId) }),
  });
}
