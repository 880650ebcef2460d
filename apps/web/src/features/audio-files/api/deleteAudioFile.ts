import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** DELETE; refused with 409 in_use and the list of places that use the file (R43). */
export const deleteAudioFile = (orgId: string, fileId: string) =>
  api<void>(orgPath(orgId, `/audio-files/${fileId}`), { method: 'DELETE' });

export function useDeleteAudioFile() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) => deleteAudioFile(orgId, fileId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) }),
  });
}
