import type { LogEvent } from 'kysely';

/**
 * Hears how long every query took, for the operator's store latency histogram (issue 11). Called
 * once per query, successful or failed, on the query's own path: an implementation does no more
 * than observe a number, and never throws.
 */
export type QueryTimer = (durationMs: number) => void;

/**
 * Kysely's `log` option as a query timer: Kysely measures each query (and each failed one) and
 * hands the duration to its logger, so the store measures nothing itself. The query text is not
 * kept: it may carry values of a tenant.
 */
export function queryLog(onQuery: QueryTimer): (event: LogEvent) => void {
  return (event) => onQuery(event.queryDurationMillis);
}
