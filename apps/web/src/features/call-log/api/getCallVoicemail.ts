import { useQuery } from '@tanstack/react-query';
import type { CallRecord } from '@vaxel/domain';
import { api, orgPath, orgUrl } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** What the call detail shows of a voicemail message (the voicemail API's message). */
export type CallVoicemailMessage = {
  id: string;
  boxId: string;
  fromNumber: string;
  fromName: string | null;
  receivedAt: string;
  durationMs: number;
};

/**
 * The box a call's message was left in: the id of the call path's voicemail step (the switch
 * writes the box id there, `user-…` or `responseGroup-…`), null when the call left none.
 */
export function voicemailBoxOf(call: Pick<CallRecord, 'path' | 'voicemailMessageId'>): string | null {
  if (!call.voicemailMessageId) return null;
  return [...call.path].reverse().find((step) => step.type === 'voicemail' && step.id)?.id ?? null;
}

export const callVoicemailAudioUrl = (orgId: string, message: CallVoicemailMessage) =>
  orgUrl(
    orgId,
    `/voicemail-boxes/${encodeURIComponent(message.boxId)}/messages/${encodeURIComponent(message.id)}/audio`,
  );

/** The call's message, or null once it has been deleted from the box. */
export function useCallVoicemail(call: Pick<CallRecord, 'path' | 'voicemailMessageId'>) {
  const orgId = useOrgId();
  const boxId = voicemailBoxOf(call);
  return useQuery({
    queryKey: queryKeys.callVoicemail(orgId, boxId ?? '', call.voicemailMessageId ?? ''),
    queryFn: async () => {
      const messages = await api<CallVoicemailMessage[]>(
        orgPath(orgId, `/voicemail-boxes/${encodeURIComponent(boxId ?? '')}/messages`),
      );
      return messages.find((m) => m.id === call.voicemailMessageId) ?? null;
    },
    enabled: boxId !== null,
  });
}
