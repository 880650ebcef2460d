import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AudioFile } from '@vaxel/domain';
import { apiUpload, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type AudioUpload = {
  name: string;
  language: string;
  source: 'upload' | 'recording';
  file: Blob;
  fileName: string;
};

/** POST audio-files as multipart (name, language, source, file); progress 0..1 while the bytes go up (R41). */
export function uploadAudioFile(orgId: string, upload: AudioUpload, onProgress?: (fraction: number) => void) {
  const form = new FormData();
  form.set('name', upload.name);
  form.set('language', upload.language);
  form.set('source', upload.source);
  form.set('file', upload.file, upload.fileName);
  return apiUpload<AudioFile>(orgPath(orgId, '/audio-files'), form, onProgress);
}

export function useUploadAudioFile(onProgress: (fraction: number) => void) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upload: AudioUpload) => uploadAudioFile(orgId, upload, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) }),
  });
}
