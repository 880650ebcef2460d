import { voicemailBoxId, type Language, type Prompt, type VoicemailBoxOwner } from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';

export type VoicemailDirectoryStore = Pick<Repositories, 'users' | 'responseGroups' | 'callRouting' | 'organisations'>;

/** A box as the voicemail flows need it, read when a call reaches it (R81: settings of now). */
export interface VoicemailBoxFacts {
  owner: VoicemailBoxOwner;
  id: string;
  /** The user's or the group's name, for the built-in greeting and the e-mail. */
  name: string;
  /** A user's box always takes messages; a group's only while its voicemail is on (R17). */
  enabled: boolean;
  /** R31: the user's own greeting, else the group's, else the organisation's default; null: built-in. */
  greeting: Prompt | null;
  /** Who hears of a new message: the user; for a group, its notified users and supervisors. */
  recipients: Array<{ name: string; email: string }>;
}

export interface OrganisationFacts {
  id: string;
  name: string;
  language: Language;
  timeZone: string;
}

/** Store reads of the voicemail flows (the switch's directory is for routing). */
export class VoicemailDirectory {
  constructor(private readonly store: VoicemailDirectoryStore) {}

  async organisation(organisationId: string): Promise<OrganisationFacts | null> {
    const org = await this.store.organisations.get(organisationId);
    return org ? { id: org.id, name: org.name, language: org.language, timeZone: org.timeZone } : null;
  }

  /** The box, or null when its owner no longer exists. */
  async box(organisationId: string, owner: VoicemailBoxOwner): Promise<VoicemailBoxFacts | null> {
    const defaults = await this.store.callRouting.getDefaults(organisationId);
    if (owner.type === 'user') {
      const [user, own] = await Promise.all([
        this.store.users.get(organisationId, owner.userId),
        this.store.users.getRoutingOverrides(organisationId, owner.userId),
      ]);
      if (!user) return null;
      return {
        owner,
        id: voicemailBoxId(owner),
        name: user.name,
        enabled: true,
        greeting: own.overrides.voicemailGreeting ?? defaults.voicemailGreeting,
        recipients: [{ name: user.name, email: user.email }],
      };
    }
    const group = await this.store.responseGroups.get(organisationId, owner.responseGroupId);
    if (!group) return null;
    const voicemail = group.settings.voicemail;
    const users = await this.store.users.list(organisationId);
    const notified = new Set([...voicemail.notifyUserIds, ...group.supervisorIds]);
    return {
      owner,
      id: voicemailBoxId(owner),
      name: group.name,
      enabled: voicemail.enabled,
      greeting: voicemail.greeting ?? defaults.voicemailGreeting,
      recipients: users
        .filter((u) => notified.has(u.id) && u.status !== 'pending')
        .map((u) => ({ name: u.name, email: u.email })),
    };
  }

  /** The box the voicemail access asks for by number: a user's extension, or a group's numeric id. */
  async boxByExtension(organisationId: string, extension: string): Promise<VoicemailBoxFacts | null> {
    const user = await this.store.users.findByExtension(organisationId, extension);
    if (user) return this.box(organisationId, { type: 'user', userId: user.id });
    const group = (await this.store.responseGroups.list(organisationId)).find((g) => g.numericId === extension);
    return group ? this.box(organisationId, { type: 'responseGroup', responseGroupId: group.id }) : null;
  }

  /** R76: the organisation's voicemail access (a number or an extension), or null. */
  async access(organisationId: string): Promise<string | null> {
    return (await this.store.callRouting.getDefaults(organisationId)).voicemailAccess ?? null;
  }
}
