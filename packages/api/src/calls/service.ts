import {
  NotFound,
  RuleViolation,
  type CallPage,
  type CallRecord,
  type CallSearch,
  type CallStatistics,
} from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { requireOrganisation } from '../organisation/orgData.ts';
import { callCsvRow, csvHeader } from './callsCsv.ts';
import { callStatistics } from './statistics.ts';

/** How many calls an export reads at most. */
export const maxCallsPerReport = 100_000;

/** R58–R60: the call log, its CSV export and statistics. */
export class CallService {
  constructor(private readonly store: Store) {}

  async search(organisationId: string, query: CallSearch): Promise<CallPage> {
    try {
      return await this.store.calls.search(organisationId, query);
    } catch (error) {
      // A cursor is opaque; one we did not give out is bad input, not a server error.
      if (query.cursor) throw new RuleViolation([{ path: 'cursor', message: 'is not a cursor this API gave out' }]);
      throw error;
    }
  }

  async get(organisationId: string, callId: string): Promise<CallRecord> {
    const call = await this.store.calls.get(organisationId, callId);
    if (!call) throw new NotFound('Call', callId);
    return call;
  }

  /** Every page of the search, as CSV lines (header first). */
  async *csv(organisationId: string, query: Omit<CallSearch, 'limit' | 'cursor'>): AsyncGenerator<string> {
    yield `${csvHeader.join(',')}\r\n`;
    for await (const call of this.all(organisationId, query)) yield `${callCsvRow(call)}\r\n`;
  }

  async statistics(
    organisationId: string,
    query: Omit<CallSearch, 'limit' | 'cursor'> & { bucket: 'hour' | 'day' },
  ): Promise<CallStatistics> {
    const organisation = await requireOrganisation(this.store, organisationId);
    const groups = await this.store.responseGroups.list(organisationId);
    const { bucket, ...filters } = query;
    const summary = await this.store.calls.summarise(organisationId, filters);
    return callStatistics(summary, {
      bucket,
      timeZone: organisation.timeZone,
      groupNames: new Map(groups.map((g) => [g.id, g.name])),
    });
  }

  private async *all(
    organisationId: string,
    filters: Omit<CallSearch, 'limit' | 'cursor'>,
  ): AsyncGenerator<CallRecord> {
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await this.store.calls.search(organisationId, { ...filters, limit: 500, cursor });
      for (const call of page.calls) {
        if (read++ >= maxCallsPerReport) return;
        yield call;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
