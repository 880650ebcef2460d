import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AudioFile, AudioFileTtsCreate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const createTtsAudioFile = (orgId: string, body: AudioFileTtsCreate) =>
  api<AudioFile>(orgPath(orgId, '/audio-files/tts'), { method: 'POST', body });

export function useCreateTtsAudioFile() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AudioFileTtsCreate) => createTtsAudioFile(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles(orgId) }),
  });
}
