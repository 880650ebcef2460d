import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';

export type LoginResponse = { token: string; expiresAt: string; me: Me };

/** Logs in; the API sets the session cookie the console uses from then on. */
export const login = (body: LoginRequest) => api<LoginResponse>('/auth/login', { method: 'POST', body });

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, response.me);
    },
  });
}
