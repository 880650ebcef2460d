import { NotFound, type OutboundBlock } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { LiveState } from '../deps.ts';
import { requireOrganisation } from '../organisation/orgData.ts';

/**
 * Issue 10 "Toll fraud": the switch blocks an organisation's international calls after a spike of
 * them, and only an admin lifts the block (the switch never does on its own). Lifting tells the
 * switch at once, so the next international call is judged afresh rather than when the switch
 * next reads the store.
 */
export class OutboundBlockService {
  constructor(
    private readonly store: Store,
    private readonly liveState: LiveState | undefined,
  ) {}

  async get(organisationId: string): Promise<{ block: OutboundBlock | null }> {
    await requireOrganisation(this.store, organisationId);
    return { block: await this.store.outboundBlocks.get(organisationId) };
  }

  /** 404 when nothing is blocked: a second lift of the same block is no silent success. */
  async lift(organisationId: string, userId: string): Promise<OutboundBlock> {
    await requireOrganisation(this.store, organisationId);
    const lifted = await this.store.outboundBlocks.lift(organisationId);
    if (!lifted) throw new NotFound('Outbound block of organisation', organisationId);
    this.liveState?.outboundBlockLifted?.(organisationId, userId);
    return lifted;
  }
}
