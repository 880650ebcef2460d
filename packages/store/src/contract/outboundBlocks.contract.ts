import type { OutboundBlock } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { createOrganisation } from './fixtures.ts';

/** Issue 10 "Toll fraud": international calls blocked after a spike, until an admin lifts the block. */
export function outboundBlocksContract(current: () => Store): void {
  const blockOf = (organisationId: string, fields: Partial<OutboundBlock> = {}): OutboundBlock => ({
    organisationId,
    scope: 'international',
    reason: 'international_spike',
    since: '2026-03-01T10:00:00.000Z',
    calls: 10,
    seconds: 60,
    ...fields,
  });

  describe('outbound blocks', () => {
    it('are absent until set, kept per organisation, and replaced by a later block of the same organisation', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      expect(await store.outboundBlocks.get(org.id)).toBeNull();

      await store.outboundBlocks.set(blockOf(org.id, { since: '2026-03-01T11:00:00+01:00' }));
      expect(await store.outboundBlocks.get(org.id)).toStrictEqual(
        blockOf(org.id, { since: '2026-03-01T10:00:00.000Z' }),
      );
      expect(await store.outboundBlocks.get(other.id)).toBeNull();

      await store.outboundBlocks.set(blockOf(org.id, { since: '2026-03-02T10:00:00.000Z', calls: 12, seconds: 30 }));
      expect(await store.outboundBlocks.get(org.id)).toStrictEqual(
        blockOf(org.id, { since: '2026-03-02T10:00:00.000Z', calls: 12, seconds: 30 }),
      );
    });

    it('are lifted once: the lift returns the block, a second lift finds none, and another organisation keeps its own', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      await store.outboundBlocks.set(blockOf(org.id));
      await store.outboundBlocks.set(blockOf(other.id, { calls: 20 }));

      expect(await store.outboundBlocks.lift(org.id)).toStrictEqual(blockOf(org.id));
      expect(await store.outboundBlocks.get(org.id)).toBeNull();
      expect(await store.outboundBlocks.lift(org.id)).toBeNull();
      expect(await store.outboundBlocks.get(other.id)).toStrictEqual(blockOf(other.id, { calls: 20 }));
    });

    it('roll back with the transaction that set them', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.outboundBlocks.set(blockOf(org.id));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await store.outboundBlocks.get(org.id)).toBeNull();
    });
  });
}
