import { useQuery } from '@tanstack/react-query';
import type { AudioFile, DisplayNumber, IvrMenu, PhoneNumber, ResponseGroup, Team, User } from '@vaxel/domain';
import { api, orgPath } from './client.ts';
import { queryKeys } from './queryKeys.ts';
import { useOrgId } from '../org/OrgContext.tsx';

/**
 * Lists many screens pick from (users for agents, numbers for groups, audio files for prompts,
 * targets for destinations). The resource screens use the same query keys, so one fetch serves both.
 */
export const getUsers = (orgId: string) => api<User[]>(orgPath(orgId, '/users'));
export const getTeams = (orgId: string) => api<Team[]>(orgPath(orgId, '/teams'));
export const getNumbers = (orgId: string) => api<PhoneNumber[]>(orgPath(orgId, '/numbers'));
export const getResponseGroups = (orgId: string) => api<ResponseGroup[]>(orgPath(orgId, '/response-groups'));
export const getIvrMenus = (orgId: string) => api<IvrMenu[]>(orgPath(orgId, '/ivr-menus'));
export const getDisplayNumbers = (orgId: string) => api<DisplayNumber[]>(orgPath(orgId, '/display-numbers'));
export const getAudioFiles = (orgId: string) => api<AudioFile[]>(orgPath(orgId, '/audio-files'));

export function useUsers() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.users(orgId), queryFn: () => getUsers(orgId) });
}
export function useTeams() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.teams(orgId), queryFn: () => getTeams(orgId) });
}
export function useNumbers() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.numbers(orgId), queryFn: () => getNumbers(orgId) });
}
export function useResponseGroupList() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.responseGroups(orgId), queryFn: () => getResponseGroups(orgId) });
}
export function useIvrMenuList() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.ivrMenus(orgId), queryFn: () => getIvrMenus(orgId) });
}
export function useAudioFileList() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.audioFiles(orgId), queryFn: () => getAudioFiles(orgId) });
}
export function useDisplayNumberList() {
  const orgId = useOrgId();
  return useQuery({ queryKey: queryKeys.displayNumbers(orgId), queryFn: () => getDisplayNumbers(orgId) });
}
