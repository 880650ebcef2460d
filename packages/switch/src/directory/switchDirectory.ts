import {
  effectiveRouting,
  pickRouting,
  type IvrMenu,
  type Organisation,
  type OutboundRules,
  type PhoneNumber,
  type RecordingPolicy,
  type RoutingSettings,
} from '@vaxel/domain';
import type { Registration, Repositories, TrunkRecord, UserRecord, UserRepository } from '@vaxel/store';
import type { Clock } from '../kernel/clock.ts';
import type { NumberDirectory } from '../routing/resolveNumber.ts';
import { outboundCallerId } from '../routing/outboundCallerId.ts';
import { routingWithVoicemailOwner } from '../routing/voicemailOwner.ts';

export type DirectoryStore = Pick<
  Repositories,
  | 'users'
  | 'numbers'
  | 'callRouting'
  | 'registrations'
  | 'trunks'
  | 'displayNumbers'
  | 'responseGroups'
  | 'organisations'
  | 'outboundRules'
  | 'ivrMenus'
  | 'recordings'
>;

export interface SettingsCacheOptions {
  clock: Pick<Clock, 'now'>;
  /** How long an organisation's settings are kept when no change is signalled (0: not at all). */
  ttlMs: number;
}

interface OrganisationEntries {
  expiresAt: number;
  reads: Map<string, Promise<unknown>>;
}

/**
 * Everything the switch reads about an organisation for its calls. Settings (users, also by SIP username, numbers,
 * routing defaults and overrides, display numbers, response groups, the organisation, its
 * outbound rules) are read through a per-organisation cache that `invalidate` empties — the API
 * signals every saved change (R81: the next call obeys it) — and that expires after `ttlMs` for
 * changes made by another process. Registrations change by REGISTER and are always read from
 * the store, and so are the operator's trunks and which organisation owns a number.
 */
export class SwitchDirectory {
  readonly #cache = new Map<string, OrganisationEntries>();
  readonly #options: SettingsCacheOptions;
  /** The organisation each SIP username was found in: its user is kept in that organisation's entries. */
  readonly #sipUsernames = new Map<string, string>();
  /** Counts `invalidate` calls, so a read by SIP username that one overtook does not fill the cache. */
  #invalidations = 0;
  /** Users by SIP username through the cache, for the digest check (lookupHa1) and the authenticator. */
  readonly sipUsers: Pick<UserRepository, 'findBySipUsername'>;

  constructor(
    readonly store: DirectoryStore,
    options: SettingsCacheOptions = { clock: Date, ttlMs: 30_000 },
  ) {
    this.#options = options;
    this.sipUsers = { findBySipUsername: (sipUsername) => this.userBySipUsername(sipUsername) };
  }

  /** Forgets what was read about the organisation; reads in flight do not refill the cache. */
  invalidate(organisationId: string): void {
    this.#invalidations++;
    this.#cache.delete(organisationId);
  }

  /**
   * The user a digest names, read for every INVITE and REGISTER (issue 11: twice per request, for
   * the HA1 and for the user). A user is a setting: kept with the organisation it belongs to, so a
   * saved password or a removed user applies on the next request once the change is signalled
   * (R81), or after the TTL. A name found nowhere is not kept: a user created a moment later
   * registers at once.
   */
  async userBySipUsername(sipUsername: string): Promise<UserRecord | null> {
    const key = `sipUser:${sipUsername}`;
    const organisationId = this.#sipUsernames.get(sipUsername);
    if (organisationId !== undefined) {
      const user = await this.#cached(organisationId, key, () => this.store.users.findBySipUsername(sipUsername));
      if (user?.organisationId === organisationId) return user;
      // Removed, or the name now belongs to a user of another organisation: look again.
      this.#sipUsernames.delete(sipUsername);
    }
    const invalidations = this.#invalidations;
    const user = await this.store.users.findBySipUsername(sipUsername);
    if (user && invalidations === this.#invalidations) {
      this.#sipUsernames.set(sipUsername, user.organisationId);
      this.#entries(user.organisationId).reads.set(key, Promise.resolve(user));
    }
    return user;
  }

  async numberDirectory(organisationId: string): Promise<NumberDirectory> {
    return this.#cached(organisationId, 'numberDirectory', async () => {
      const [users, numbers, defaults] = await Promise.all([
        this.store.users.list(organisationId),
        this.#numbers(organisationId),
        this.#defaults(organisationId),
      ]);
      return {
        users: users.map((u) => ({ id: u.id, extension: u.extension })),
        numbers,
        unassignedNumbers: defaults.unassignedNumbers,
        voicemailAccess: defaults.voicemailAccess ?? null,
      };
    });
  }

  async user(organisationId: string, userId: string): Promise<UserRecord | null> {
    return this.#cached(organisationId, `user:${userId}`, () => this.store.users.getRecord(organisationId, userId));
  }

  /** R14–R17: a response group (its agents and who is logged in, queue, schedule, distribution), or null. */
  async responseGroup(organisationId: string, responseGroupId: string) {
    return this.#cached(organisationId, `responseGroup:${responseGroupId}`, () =>
      this.store.responseGroups.get(organisationId, responseGroupId),
    );
  }

  /** R30: the user's own values where set, else the organisation's defaults; "voicemail" is their box. */
  async routing(organisationId: string, userId: string): Promise<RoutingSettings> {
    const [defaults, own] = await Promise.all([
      this.#defaults(organisationId),
      this.#overrides(organisationId, userId),
    ]);
    return routingWithVoicemailOwner(effectiveRouting(pickRouting(defaults), own.overrides), userId);
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
      this.#publicUser(organisationId, userId),
      this.routing(organisationId, userId),
      this.#overrides(organisationId, userId),
      this.#cached(organisationId, 'displayNumbers', () => this.store.displayNumbers.list(organisationId)),
      this.#cached(organisationId, 'responseGroups', () => this.store.responseGroups.list(organisationId)),
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
    const [user, routing] = await Promise.all([
      this.#publicUser(organisationId, userId),
      this.routing(organisationId, userId),
    ]);
    if (!user) return null;
    return outboundCallerId({ user, routing, chosenNumber: null, displayNumbers: [], responseGroups: [] });
  }

  /**
   * The organisation's numbers as an emergency call of a user without a number presents them:
   * numbers that are no other person's first (a colleague would get the emergency service's call
   * back), landlines before mobiles, then in order.
   */
  async organisationNumbers(organisationId: string): Promise<string[]> {
    const personal = (n: PhoneNumber) =>
      Number(n.assignment?.type === 'userMobile' || n.assignment?.type === 'userLandline');
    const numbers = await this.#numbers(organisationId);
    return [...numbers]
      .sort(
        (a, b) =>
          personal(a) - personal(b) ||
          Number(a.type !== 'landline') - Number(b.type !== 'landline') ||
          a.number.localeCompare(b.number),
      )
      .map((n) => n.number);
  }

  async organisation(organisationId: string): Promise<Organisation | null> {
    return this.#cached(organisationId, 'organisation', () => this.store.organisations.get(organisationId));
  }

  /** R91: obeyed by every call placed to an outside number (R81: the next call obeys a change). */
  async outboundRules(organisationId: string): Promise<OutboundRules> {
    return this.#cached(organisationId, 'outboundRules', () => this.store.outboundRules.get(organisationId));
  }

  /** R20–R23: an IVR menu of the organisation (prompts, keys, opening hours, advanced settings), or null. */
  async ivrMenu(organisationId: string, ivrMenuId: string): Promise<IvrMenu | null> {
    return this.#cached(organisationId, `ivrMenu:${ivrMenuId}`, () =>
      this.store.ivrMenus.get(organisationId, ivrMenuId),
    );
  }

  /** R56: the organisation's recording policies, read when a call is bridged. */
  async recordingPolicies(organisationId: string): Promise<RecordingPolicy[]> {
    return this.#cached(organisationId, 'recordingPolicies', () => this.store.recordings.listPolicies(organisationId));
  }

  /** Which organisation owns a number (inbound calls from trunks). */
  async ownerOf(number: string): Promise<string | null> {
    return (await this.store.numbers.findOwner(number))?.organisationId ?? null;
  }

  #defaults(organisationId: string) {
    return this.#cached(organisationId, 'defaults', () => this.store.callRouting.getDefaults(organisationId));
  }

  #overrides(organisationId: string, userId: string) {
    return this.#cached(organisationId, `overrides:${userId}`, () =>
      this.store.users.getRoutingOverrides(organisationId, userId),
    );
  }

  #numbers(organisationId: string) {
    return this.#cached(organisationId, 'numbers', () => this.store.numbers.list(organisationId));
  }

  #publicUser(organisationId: string, userId: string) {
    return this.#cached(organisationId, `publicUser:${userId}`, () => this.store.users.get(organisationId, userId));
  }

  /** One read per key until the organisation is invalidated or its entries expire; failures are not kept. */
  #cached<T>(organisationId: string, key: string, read: () => Promise<T>): Promise<T> {
    const entries = this.#entries(organisationId);
    const known = entries.reads.get(key) as Promise<T> | undefined;
    if (known) return known;
    const reading = read();
    const reads = entries.reads;
    reads.set(key, reading);
    reading.catch(() => {
      if (reads.get(key) === reading) reads.delete(key);
    });
    return reading;
  }

  /** The organisation's entries, fresh ones when there were none or they expired. */
  #entries(organisationId: string): OrganisationEntries {
    const now = this.#options.clock.now();
    let entries = this.#cache.get(organisationId);
    if (!entries || entries.expiresAt <= now) {
      entries = { expiresAt: now + this.#options.ttlMs, reads: new Map() };
      this.#cache.set(organisationId, entries);
    }
    return entries;
  }
}
