import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InvoiceLine, PurchaseRequest } from '@vaxel/domain';
import { api, orgPath } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';

/** R7: buying more grows the allowance at once and adds a line to the next invoice. */
export const purchase = (orgId: string, body: PurchaseRequest) =>
  api<InvoiceLine>(orgPath(orgId, '/subscription/purchases'), { method: 'POST', body });

export function usePurchase() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PurchaseRequest) => purchase(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.subscription(orgId) }),
  });
}
