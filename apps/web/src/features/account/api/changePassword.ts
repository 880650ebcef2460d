import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasswordChange } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';
import { sessionsKey } from './sessions.ts';

/** The current password is required; every other session of the account ends. */
export const changePassword = (body: PasswordChange) => api<void>('/me/password', { method: 'PUT', body });

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
