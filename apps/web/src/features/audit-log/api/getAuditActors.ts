import { useQuery } from '@tanstack/react-query';
import type { AuditActor } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** The people who appear in the log (also former users), for the person filter. */
export const getAuditActors = (orgId: string) => api<AuditActor[]>(orgPath(orgId, '/audit-log/actors'));

export function useAuditActors() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.auditActors(orgId), queryFn: () => getAuditActors(orgId) });
}
