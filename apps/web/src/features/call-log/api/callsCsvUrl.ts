import { orgUrl, withQuery } from '../../../shared/api/client.ts';
import type { CallFilters } from './getCalls.ts';

/** GET calls.csv with the same filters: every page, as a download (R59). */
export const callsCsvUrl = (orgId: string, filters: CallFilters) => withQuery(orgUrl(orgId, '/calls.csv'), filters);
