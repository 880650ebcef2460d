import {
  NotFound,
  type DestinationFacts,
  type Organisation,
  type PhoneNumber,
  type SettingsHolder,
} from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';

/**
 * Reads that several services need to check a change against the organisation: its number
 * inventory, the ids that exist in it, and every place that holds settings.
 */
export async function requireOrganisation(repos: Repositories, organisationId: string): Promise<Organisation> {
  const organisation = await repos.organisations.get(organisationId);
  if (!organisation) throw new NotFound('Organisation', organisationId);
  return organisation;
}

export async function numberInventory(repos: Repositories, organisationId: string): Promise<Map<string, PhoneNumber>> {
  const numbers = await repos.numbers.list(organisationId);
  return new Map(numbers.map((n) => [n.number, n]));
}

/**
 * What destinations are checked against: the ids that exist in the organisation, and for outside
 * numbers its country, outbound rules and own numbers (R91, R92).
 */
export async function destinationFacts(repos: Repositories, organisationId: string): Promise<DestinationFacts> {
  const [organisation, users, groups, menus, files, rules, numbers] = await Promise.all([
    requireOrganisation(repos, organisationId),
    repos.users.list(organisationId),
    repos.responseGroups.list(organisationId),
    repos.ivrMenus.list(organisationId),
    repos.audioFiles.list(organisationId),
    repos.outboundRules.get(organisationId),
    repos.numbers.list(organisationId),
  ]);
  return {
    userIds: new Set(users.map((u) => u.id)),
    responseGroupIds: new Set(groups.map((g) => g.id)),
    ivrMenuIds: new Set(menus.map((m) => m.id)),
    audioFileIds: new Set(files.map((f) => f.id)),
    outbound: { country: organisation.country, rules, ownNumbers: new Set(numbers.map((n) => n.number)) },
  };
}

/** The parts of an IVR menu that can refer to audio files and destinations. */
export function ivrMenuSettings(menu: {
  prompts: unknown;
  keys: unknown;
  openingHours: unknown;
  closedPrompt: unknown;
  closedDestination: unknown;
  advanced: unknown;
}) {
  return {
    prompts: menu.prompts,
    keys: menu.keys,
    closedPrompt: menu.closedPrompt,
    closedDestination: menu.closedDestination,
    advanced: menu.advanced,
  };
}

/**
 * Every place in the organisation that holds settings able to point at a destination or use an
 * audio file: groups, menus, both sets of defaults, users' own routing, recording announcements.
 */
export async function settingsHolders(repos: Repositories, organisationId: string): Promise<SettingsHolder[]> {
  const [groups, menus, routingDefaults, groupDefaults, users, policies] = await Promise.all([
    repos.responseGroups.list(organisationId),
    repos.ivrMenus.list(organisationId),
    repos.callRouting.getDefaults(organisationId),
    repos.responseGroups.getDefaults(organisationId),
    repos.users.list(organisationId),
    repos.recordings.listPolicies(organisationId),
  ]);
  const userRouting = await Promise.all(
    users.map(async (u) => ({
      type: 'userRouting',
      id: u.id,
      name: u.name,
      settings: (await repos.users.getRoutingOverrides(organisationId, u.id)).overrides,
    })),
  );
  return [
    ...groups.map((g) => ({ type: 'responseGroup', id: g.id, name: g.name, settings: g.settings })),
    ...menus.map((m) => ({ type: 'ivrMenu', id: m.id, name: m.name, settings: ivrMenuSettings(m) })),
    { type: 'callRoutingDefaults', id: organisationId, name: 'Call routing defaults', settings: routingDefaults },
    {
      type: 'responseGroupDefaults',
      id: organisationId,
      name: 'Defaults for new response groups',
      settings: groupDefaults,
    },
    ...userRouting,
    // Only the announcement: a policy's scope is shaped like a destination but is not one.
    ...policies.map((p) => ({
      type: 'recordingPolicy',
      id: p.id,
      name: `Recording policy (${p.scope.type})`,
      settings: { announcement: p.announcement },
    })),
  ];
}
