import { effectiveRouting, pickRouting, type Organisation, type OutboundRules, type PhoneNumber, type RecordingPolicy, type RoutingSettings } from '@vaxel/domain';
import type { Registration, Repositories, TrunkRecord, UserRecord } from '@vaxel/store';
import type { NumberDirectory } from '../routing/resolveNumber.ts';
import { outboundCallerId } from '../routing/outboundCallerId.ts';

export type DirectoryStore = Pick<
  Repositories,
  'users' | 'numbers' | 'callRouting' | 'registrations' | 'trunks' | 'displayNumbers' | 'responseGroups' | 'organisations' | 'outboundRules' | 'recordings'
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

  /**
   * R92: the caller ID of this user's emergency calls: always their own number (mobile or
   * landline as their caller ID type says, the other when they lack it), never a display number,
   * so the emergency service calls back the person who needed help. Null when they have none.
   */
  async emergencyCallerId(organisationId: string, userId: string): Promise<string | null> {
    const [user, routing] = await Promise.all([this.store.users.get(organisationId, userId), this.routing(organisationId, userId)]);
    if (!user) return null;
    return outboundCallerId({ user, routing, chosenNumber: null, displayNumbers: [], responseGroups: [] });
  }

  /**
   * The organisation's numbers as an emergency call of a user without a number presents them:
   * numbers that are no other person's first (a colleague would get the emergency service's call
   * back), landlines before mobiles, then in order.
   */
  async organisationNumbers(organisationId: string): Promise<string[]> {
    const personal = (n: PhoneNumber) => Number(n.assignment?.type === 'userMobile' || n.assignment?.type === 'userLandline');
    const numbers = await this.store.numbers.list(organisationId);
    return [...numbers]
      .sort((a, b) => personal(a) - personal(b) || Number(a.type !== 'landline') - Number(b.type !== 'landline') || a.number.localeCompare(b.number))
      .map((n) => n.number);
  }

  async organisation(organisationId: string): Promise<Organisation | null> {
    return this.store.organisations.get(organisationId);
  }

  /** R91: read for every call placed to an outside number (R81: the next call obeys a change). */
  async outboundRules(organisationId: string): Promise<OutboundRules> {
    return this.store.outboundRules.get(organisationId);
  }

  /** R56: the organisation's recording policies, read when a call is bridged. */
  async recordingPolicies(organisationId: string): Promise<RecordingPolicy[]> {
    return this.store.recordings.listPolicies(organisationId);
  }

  /** Which organisation owns a number (inbound calls from trunks). */
  async ownerOf(number: string): Promise<string | null> {
    return (await this.store.numbers.findOwner(number))?.organisationId ?? null;
  }
}
