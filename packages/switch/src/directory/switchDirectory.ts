import { effectiveRouting, pickRouting, type RoutingSettings } from '@vaxel/domain';
import type { Registration, Repositories, TrunkRecord, UserRecord } from '@vaxel/store';
import type { NumberDirectory } from '../routing/resolveNumber.ts';
import { outboundCallerId } from '../routing/outboundCallerId.ts';

export type DirectoryStore = Pick<
  Repositories,
  'users' | 'numbers' | 'callRouting' | 'registrations' | 'trunks' | 'displayNumbers' | 'responseGroups' | 'organisations'
>;

/**
 * Everything the switch reads about an organisation, straight from the store at the moment of
 * the call: no cache, so a setting saved through the API applies to the next call (R81).
 */
export class SwitchDirectory {
  constructor(readonly store: DirectoryStore) {}

  async numberDirectory(organisationId: string): Promise<NumberDirectory> {
    const [users, numbers, defaults] = await Promise.all([
      this.store.users.list(organisationId),
      this.store.numbers.list(organisationId),
      this.store.callRouting.getDefaults(organisationId),
    ]);
    return { users: users.map((u) => ({ id: u.id, extension: u.extension })), numbers, unassignedNumbers: defaults.unassignedNumbers };
  }

  async user(organisationId: string, userId: string): Promise<UserRecord | null> {
    return this.store.users.getRecord(organisationId, userId);
  }

  /** R30: the user's own values where set, else the organisation's defaults. */
  async routing(organisationId: string, userId: string): Promise<RoutingSettings> {
    const [defaults, own] = await Promise.all([
      this.store.callRouting.getDefaults(organisationId),
      this.store.users.getRoutingOverrides(organisationId, userId),
    ]);
    return effectiveRouting(pickRouting(defaults), own.overrides);
  }

  async devices(organisationId: string, userId: string, now: Date): Promise<Registration[]> {
    return this.store.registrations.listByUser(organisationId, userId, now.toISOString());
  }

  async trunks(): Promise<TrunkRecord[]> {
    return this.store.trunks.list();
  }

  /** R36, R55: the caller ID of this user's outbound calls, or null when they have no number. */
  async callerId(organisationId: string, userId: string): Promise<string | null> {
    const [user, routing, own, displayNumbers, responseGroups] = await Promise.all([
      this.store.users.get(organisationId, userId),
      this.routing(organisationId, userId),
      this.store.users.getRoutingOverrides(organisationId, userId),
      this.store.displayNumbers.list(organisationId),
      this.store.responseGroups.list(organisationId),
    ]);
    if (!user) return null;
    return outboundCallerId({ user, routing, chosenNumber: own.callerIdNumber, displayNumbers, responseGroups });
  }

  /** Which organisation owns a number (inbound calls from trunks). */
  async ownerOf(number: string): Promise<string | null> {
    return (await this.store.numbers.findOwner(number))?.organisationId ?? null;
  }
}
