export { getDisplayNumbers, useDisplayNumberList as useDisplayNumbers } from '../../../shared/api/lookups.ts';
