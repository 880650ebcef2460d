import type { TrunkRecord } from '@vaxel/store';

/**
 * The trunk for an organisation's outbound calls (R1, R71): one that names the organisation,
 * else one open to all organisations (empty `organisationIds`). Ties go to the name's order so
 * the choice is stable between calls.
 */
export function selectTrunk(trunks: readonly TrunkRecord[], organisationId: string): TrunkRecord | null {
  const byName = [...trunks].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return (
    byName.find((t) => t.organisationIds.includes(organisationId)) ??
    byName.find((t) => t.organisationIds.length === 0) ??
    null
  );
}

/** IPv4 addresses reach a dual-stack socket as "::ffff:a.b.c.d"; compare them in plain form. */
export function plainAddress(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.')
    ? address.slice(7)
    : address.toLowerCase();
}

/** Inbound calls from carriers are trusted by source address (Trunk.inboundAddresses). */
export function trunkForSource(trunks: readonly TrunkRecord[], sourceAddress: string): TrunkRecord | null {
  const source = plainAddress(sourceAddress);
  return trunks.find((t) => t.inboundAddresses.some((a) => plainAddress(a) === source)) ?? null;
}
