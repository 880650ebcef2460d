import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

export type WatchableGroup = { id: string; name: string; numericId: string };

/** R19: the groups whose wallboard the user may open (those they supervise; every group for an admin). */
export const getSupervisedGroups = (orgId: string) =>
  api<WatchableGroup[]>(orgPath(orgId, '/supervised-response-groups'));

export function useSupervisedGroups() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: ['org', orgId, 'supervised-response-groups'],
    queryFn: () => getSupervisedGroups(orgId),
  });
}
