import { useQuery } from '@tanstack/react-query';
import type { AudioFile } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getWaveform = (orgId: string, fileId: string) =>
  api<{ peaks: number[] }>(orgPath(orgId, `/audio-files/${fileId}/waveform`));

export function useWaveform(file: AudioFile) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: queryKeys.waveform(orgId, file.id, file.updatedAt),
    queryFn: () => getWaveform(orgId, file.id),
    staleTime: Infinity,
  });
}
