import { useQuery } from '@tanstack/react-query';
import type { Me } from '@vaxel/domain';
import { api } from '../../../shared/api/client.ts';
import { ApiError } from '../../../shared/api/problem.ts';
import { queryKeys } from '../../../shared/api/queryKeys.ts';

/** The logged-in person with their organisations, or null when nobody is logged in. */
export async function getMe(): Promise<Me | null> {
  try {
    return await api<Me>('/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 60_000, retry: false });
}
