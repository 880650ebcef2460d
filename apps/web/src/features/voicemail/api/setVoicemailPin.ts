import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** The PIN (4–8 digits) that opens the box from any phone through the voicemail access. */
export const setVoicemailPin = (orgId: string, boxId: string, pin: string) =>
  api<void>(orgPath(orgId, `/voicemail-boxes/${boxId}/pin`), { method: 'PUT', body: { pin } });

export function useSetVoicemailPin(boxId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pin: string) => setVoicemailPin(orgId, boxId, pin),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.voicemailBoxes(orgId) }),
  });
}
