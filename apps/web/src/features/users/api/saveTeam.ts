import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Team, TeamCreate, TeamUpdate } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export const createTeam = (orgId: string, body: TeamCreate) =>
  api<Team>(orgPath(orgId, '/teams'), { method: 'POST', body });
export const updateTeam = (orgId: string, teamId: string, body: TeamUpdate) =>
  api<Team>(orgPath(orgId, `/teams/${teamId}`), { method: 'PATCH', body });

/** POST a new team or PATCH an existing one; users' team lists change with it. */
export function useSaveTeam(teamId?: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TeamCreate) => (teamId ? updateTeam(orgId, teamId, body) : createTeam(orgId, body)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', orgId] }),
  });
}
