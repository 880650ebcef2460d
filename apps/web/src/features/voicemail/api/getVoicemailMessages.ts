import { useQuery } from '@tanstack/react-query';
import type { VoicemailMessage } from '@vaxel/domain';
import { api, orgPath, orgUrl } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const getVoicemailMessages = (orgId: string, boxId: string) =>
  api<VoicemailMessage[]>(orgPath(orgId, `/voicemail-boxes/${boxId}/messages`));

/** The message's WAV for an <audio> element (the API answers Range requests, so it can seek). */
export const voicemailAudioUrl = (orgId: string, message: VoicemailMessage) =>
  orgUrl(orgId, `/voicemail-boxes/${message.boxId}/messages/${message.id}/audio`);

export function useVoicemailMessages(boxId: string | null) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: queryKeys.voicemailMessages(orgId, boxId ?? ''),
    queryFn: () => getVoicemailMessages(orgId, boxId ?? ''),
    enabled: boxId !== null,
  });
}
