import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AudioFile } from '@vaxel/domain';
import { apiUpload, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PUT audio-files/{id}/content: new audio for the same entry, wherever it is used (R42). */
export function replaceAudioContent(orgId: string, fileId: string, file: File, onProgress?: (f: number) => void) {
  const form = new FormData();
  form.set('source', 'upload');
  form.set('file', file, file.name);
  return apiUpload<AudioFile>(orgPath(orgId, `/audio-files/${fileId}/content`), form, onProgress, 'PUT');
}

export function useReplaceAudioContent(fileId: string, onProgress: (f: number) => void) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => replaceAudioContent(orgId, fileId, file, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) }),
  });
}
