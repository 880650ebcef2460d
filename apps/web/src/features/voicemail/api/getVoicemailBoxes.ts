import { useQuery } from '@tanstack/react-query';
import type { VoicemailBox } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** The boxes the person may open: their own first, then supervised groups', then (admins) everyone's. */
export const getVoicemailBoxes = (orgId: string) => api<VoicemailBox[]>(orgPath(orgId, '/voicemail-boxes'));

export function useVoicemailBoxes() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.voicemailBoxes(orgId), queryFn: () => getVoicemailBoxes(orgId) });
}
