import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AudioFile, AudioFileUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** PATCH name, language tag, or (for TTS files) the text (R42). */
export const updateAudioFile = (orgId: string, fileId: string, body: AudioFileUpdate) =>
  api<AudioFile>(orgPath(orgId, `/audio-files/${fileId}`), { method: 'PATCH', body });

export function useUpdateAudioFile(fileId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AudioFileUpdate) => updateAudioFile(orgId, fileId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) }),
  });
}
