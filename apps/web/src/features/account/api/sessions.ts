import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Session } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';

export const sessionsKey = ['me', 'sessions'] as const;

export const getSessions = () => api<Session[]>('/me/sessions');
export const revokeSession = (id: string) => api<void>(`/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const revokeAllSessions = () => api<void>('/me/sessions/revoke-all', { method: 'POST' });

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: getSessions });
}

/** Logging out the session in use ends this console's login too. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: Session) => revokeSession(session.id),
    onSuccess: (_result, session) => {
      if (session.current) {
        queryClient.clear();
        queryClient.setQueryData(queryKeys.me, null);
      } else void queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
  });
}

export function useRevokeAllSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeAllSessions,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
    },
  });
}
