import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R53–R54: removes only the right to show the number; refused (409 group_number) for a group's number. */
export const deleteDisplayNumber = (orgId: string, id: string) =>
  api<void>(orgPath(orgId, `/display-numbers/${id}`), { method: 'DELETE' });

export function useDeleteDisplayNumber() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteDisplayNumber(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.displayNumbers(orgId) }),
  });
}
