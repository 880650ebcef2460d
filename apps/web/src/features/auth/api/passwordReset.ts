import { useMutation, useQuery } from '@tanstack/react-query';
import type { PasswordResetDetails } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';

/** Always 202: the answer never says whether the email has an account. */
export const requestPasswordReset = (email: string) =>
  api<void>('/auth/password-reset', { method: 'POST', body: { email } });
export const getPasswordReset = (token: string) =>
  api<PasswordResetDetails>(`/auth/password-reset/${encodeURIComponent(token)}`);
export const completePasswordReset = (token: string, password: string) =>
  api<void>(`/auth/password-reset/${encodeURIComponent(token)}`, { method: 'POST', body: { password } });

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function usePasswordReset(token: string) {
  return useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => getPasswordReset(token),
    retry: false,
    staleTime: Infinity,
  });
}

export function useCompletePasswordReset(token: string) {
  return useMutation({ mutationFn: (password: string) => completePasswordReset(token, password) });
}
