export { getIvrMenus, useIvrMenuList as useIvrMenus } from '../../../shared/api/lookups.ts';
