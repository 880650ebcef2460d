import {
  applyRoutingUpdate,
  checkReferences,
  checkSpokenLanguages,
  effectiveRouting,
  mayPresent,
  NotFound,
  pickRouting,
  routingFields,
  RuleViolation,
  type GroupMembership,
  type UserRouting,
  type UserRoutingUpdate,
} from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import { destinationFacts } from '../organisation/orgData.ts';
import type { Clock } from '../deps.ts';
import type { Speech } from '../settingsValidation.ts';

export type OnlineDevice = { contact: string; userAgent: string | null; source: string; expiresAt: string };

/** R30, R37, R55: a user's own call handling over the organisation's defaults, and their caller ID. */
export class UserRoutingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly speech: Speech,
  ) {}

  async get(organisationId: string, userId: string): Promise<UserRouting> {
    return view(this.store, organisationId, userId);
  }

  async update(organisationId: string, userId: string, update: UserRoutingUpdate): Promise<UserRouting> {
    return this.store.transaction(async (tx) => {
      const user = await tx.users.get(organisationId, userId);
      if (!user) throw new NotFound('User', userId);
      const current = await tx.users.getRoutingOverrides(organisationId, userId);
      const overrides = applyRoutingUpdate(current.overrides, update);
      checkReferences(overrides, 'userRouting', await destinationFacts(tx, organisationId), 'overrides', {
        type: 'user',
        id: userId,
      });
      checkSpokenLanguages(overrides, (tag) => this.speech.supportsLanguage(tag), 'overrides');

      let callerIdNumber = current.callerIdNumber;
      if (update.callerIdNumber !== undefined) {
        callerIdNumber = update.callerIdNumber;
        // Only a new choice is checked: the console sends the current one back with every save.
        if (callerIdNumber !== null && callerIdNumber !== current.callerIdNumber)
          await checkPresentable(tx, organisationId, user, callerIdNumber);
      }
      await tx.users.setRoutingOverrides(organisationId, userId, overrides, callerIdNumber);
      return view(tx, organisationId, userId);
    });
  }

  /** The user's phones registered right now (from the switch's registrar). */
  async registrations(organisationId: string, userId: string): Promise<OnlineDevice[]> {
    const user = await this.store.users.get(organisationId, userId);
    if (!user) throw new NotFound('User', userId);
    const registrations = await this.store.registrations.listByUser(
      organisationId,
      userId,
      this.clock.now().toISOString(),
    );
    return registrations.map((r) => ({
      contact: r.contact,
      userAgent: r.userAgent,
      source: r.source,
      expiresAt: r.expiresAt,
    }));
  }
}

async function view(repos: Repositories, organisationId: string, userId: string): Promise<UserRouting> {
  const user = await repos.users.get(organisationId, userId);
  if (!user) throw new NotFound('User', userId);
  const defaults = await repos.callRouting.getDefaults(organisationId);
  const { overrides, callerIdNumber } = await repos.users.getRoutingOverrides(organisationId, userId);
  return {
    effective: effectiveRouting(pickRouting(defaults), overrides),
    overrides,
    followsDefault: routingFields.filter((field) => overrides[field] === undefined),
    callerIdNumber,
  };
}

/** R55: a user may choose their own numbers or a display number granted to them. */
async function checkPresentable(
  repos: Repositories,
  organisationId: string,
  user: { id: string; mobileNumber: string | null; landlineNumber: string | null; teamIds: string[] },
  number: string,
): Promise<void> {
  if (number === user.mobileNumber || number === user.landlineNumber) return;
  const [displayNumbers, groups] = await Promise.all([
    repos.displayNumbers.list(organisationId),
    repos.responseGroups.list(organisationId),
  ]);
  const memberships: GroupMembership[] = groups.map((g) => ({
    responseGroupId: g.id,
    agentIds: g.agents.map((a) => a.userId),
    supervisorIds: g.supervisorIds,
  }));
  const display = displayNumbers.find((d) => d.number === number);
  if (
    !display ||
    !mayPresent(
      user,
      { ...display, responseGroupId: display.responseGroupId ?? groups.find((g) => g.number === number)?.id ?? null },
      memberships,
    )
  ) {
    throw new RuleViolation([
      {
        path: 'callerIdNumber',
        message: `${number} is not one of this user's numbers nor a display number they may use`,
      },
    ]);
  }
}
