export { getResponseGroups, useResponseGroupList as useResponseGroups } from '../../../shared/api/lookups.ts';
