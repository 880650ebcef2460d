import { useMutation } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R16, R19: a supervisor logs an agent of the group in or out (the live stream then shows it). */
export const logAgentInOut = (orgId: string, groupId: string, userId: string, loggedIn: boolean) =>
  api<unknown>(
    orgPath(orgId, `/response-groups/${encodeURIComponent(groupId)}/agents/${encodeURIComponent(userId)}/login`),
    { method: 'PUT', body: { loggedIn } },
  );

export function useLogAgentInOut(groupId: string) {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: (v: { userId: string; loggedIn: boolean }) => logAgentInOut(orgId, groupId, v.userId, v.loggedIn),
  });
}
