import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { VoicemailMessage } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** Marks a message read (saved) or new again. */
export const updateVoicemailMessage = (orgId: string, message: VoicemailMessage, read: boolean) =>
  api<VoicemailMessage>(orgPath(orgId, `/voicemail-boxes/${message.boxId}/messages/${message.id}`), {
    method: 'PATCH',
    body: { read },
  });

export function useUpdateVoicemailMessage() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, read }: { message: VoicemailMessage; read: boolean }) =>
      updateVoicemailMessage(orgId, message, read),
    onSuccess: (message) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.voicemailMessages(orgId, message.boxId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.voicemailBoxes(orgId) });
    },
  });
}
