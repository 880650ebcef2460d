import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** Deletes the recording and its audio before its retention ends (phone_system). */
export const deleteRecording = (orgId: string, id: string) =>
  api<void>(orgPath(orgId, `/recordings/${id}`), { method: 'DELETE' });

export function useDeleteRecording() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteRecording(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recordings(orgId) }),
  });
}
