import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { VoicemailMessage } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** Deletes a message and its audio. */
export const deleteVoicemailMessage = (orgId: string, message: VoicemailMessage) =>
  api<void>(orgPath(orgId, `/voicemail-boxes/${message.boxId}/messages/${message.id}`), { method: 'DELETE' });

export function useDeleteVoicemailMessage() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: VoicemailMessage) => deleteVoicemailMessage(orgId, message),
    onSuccess: (_, message) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.voicemailMessages(orgId, message.boxId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.voicemailBoxes(orgId) });
    },
  });
}
