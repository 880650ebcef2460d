import {
  applySettingsPatch,
  checkBillingNumber,
  checkNumberClaim,
  checkResponseGroupMembers,
  checkSpokenLanguages,
  destinationUsages,
  InUse,
  NotFound,
  ResponseGroupSettings,
  type Agent,
  type AgentReach,
  type ResponseGroup,
  type ResponseGroupCreate,
  type ResponseGroupSettingsPatch,
  type ResponseGroupUpdate,
  type Usage,
} from '@vaxel/domain';
import type { FileStore, Repositories, Store } from '@vaxel/store';
import { destinationFacts, numberInventory, settingsHolders } from '../organisation/orgData.ts';
import { checkUserIds, validateSettings, type Speech } from '../settingsValidation.ts';
import { ensureRoomForAnother } from '../subscription/quota.ts';
import { checkQueueKeys } from './queueKeys.ts';
import { dropCallerIdChoicesNoLongerAllowed } from '../users/callerIdChoices.ts';
import { deleteMessageAudio } from '../voicemail/boxAudio.ts';

/** What `PATCH …/agents/{userId}` may change; at least one of them. */
export interface AgentChange {
  reachOn?: AgentReach;
  loggedIn?: boolean;
}

/** A change that was saved but will not work as the admin may think (yet). */
export interface AgentWarning {
  path: string;
  code: 'agent_has_no_mobile';
  message: string;
}

export type ResponseGroupWithWarnings = ResponseGroup & { warnings: AgentWarning[] };

/** R10–R19: response groups, and the organisation's defaults for new groups (R13). */
export class ResponseGroupService {
  constructor(
    private readonly store: Store,
    private readonly speech: Speech,
    /** Where the group's voicemail audio is, deleted with the group. */
    private readonly files?: FileStore,
  ) {}

  list(organisationId: string): Promise<ResponseGroup[]> {
    return this.store.responseGroups.list(organisationId);
  }

  async get(organisationId: string, groupId: string): Promise<ResponseGroup> {
    return requireGroup(this.store, organisationId, groupId);
  }

  create(organisationId: string, input: ResponseGroupCreate): Promise<ResponseGroup> {
    return this.store.transaction(async (tx) => {
      await ensureRoomForAnother(tx, organisationId, 'responseGroup');
      const inventory = await numberInventory(tx, organisationId);
      checkNumberClaim('number', input.number, { type: 'responseGroup', responseGroupId: '' }, inventory);
      if (input.billingNumber) checkBillingNumber('billingNumber', input.billingNumber, inventory);
      await checkMembers(tx, organisationId, input, null);
      // R13: the defaults are copied, so later edits of the defaults never reach this group.
      const settings = structuredClone(await tx.responseGroups.getDefaults(organisationId));
      return tx.responseGroups.create(organisationId, {
        name: input.name,
        number: input.number,
        billingNumber: input.billingNumber ?? input.number,
        numericId: input.numericId,
        agents: unique(input.agentIds).map((userId) => ({ userId, loggedIn: true, reachOn: 'phone' as const })),
        supervisorIds: unique(input.supervisorIds),
        settings,
      });
    });
  }

  /** R18: any field, settings section by section. */
  update(organisationId: string, groupId: string, input: ResponseGroupUpdate): Promise<ResponseGroup> {
    return this.store.transaction(async (tx) => {
      const group = await requireGroup(tx, organisationId, groupId);
      if (input.number || input.billingNumber) {
        const inventory = await numberInventory(tx, organisationId);
        if (input.number)
          checkNumberClaim('number', input.number, { type: 'responseGroup', responseGroupId: groupId }, inventory);
        if (input.billingNumber) checkBillingNumber('billingNumber', input.billingNumber, inventory);
      }
      if (input.numericId !== undefined || input.agentIds || input.supervisorIds)
        await checkMembers(tx, organisationId, input, groupId);
      let settings = group.settings;
      if (input.settings) {
        const known = await destinationFacts(tx, organisationId);
        settings = validateSettings(
          ResponseGroupSettings,
          applySettingsPatch(group.settings, input.settings),
          'responseGroup',
          known,
          'settings',
          {
            type: 'responseGroup',
            id: groupId,
          },
        );
        checkUserIds(settings.voicemail.notifyUserIds, known, 'settings.voicemail.notifyUserIds');
        checkQueueKeys(settings.queue, 'settings.queue');
        checkSpokenLanguages(settings, (tag) => this.speech.supportsLanguage(tag), 'settings');
      }
      const agents: Agent[] = input.agentIds
        ? unique(input.agentIds).map((userId) => {
            const known = group.agents.find((a) => a.userId === userId);
            return { userId, loggedIn: known?.loggedIn ?? true, reachOn: known?.reachOn ?? 'phone' };
          })
        : group.agents;
      if (input.number && input.number !== group.number) await endGroupGrants(tx, organisationId, group.number);
      const updated = await tx.responseGroups.update(organisationId, {
        ...group,
        name: input.name ?? group.name,
        number: input.number ?? group.number,
        billingNumber: input.billingNumber ?? group.billingNumber,
        numericId: input.numericId ?? group.numericId,
        agents,
        supervisorIds: input.supervisorIds ? unique(input.supervisorIds) : group.supervisorIds,
        settings,
      });
      if (input.number || input.agentIds || input.supervisorIds)
        await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      return updated;
    });
  }

  /** R18, R24: refused while anything sends calls to the group; its number becomes unassigned. */
  async delete(organisationId: string, groupId: string): Promise<void> {
    const messageIds = await this.store.transaction(async (tx) => {
      const group = await requireGroup(tx, organisationId, groupId);
      const holders = (await settingsHolders(tx, organisationId)).filter(
        (h) => !(h.type === 'responseGroup' && h.id === groupId),
      );
      const usages: Usage[] = destinationUsages({ type: 'responseGroup', id: groupId }, holders);
      for (const policy of await tx.recordings.listPolicies(organisationId)) {
        if (policy.scope.type === 'responseGroup' && policy.scope.responseGroupId === groupId) {
          usages.push({
            type: 'recordingPolicy',
            id: policy.id,
            name: 'Recording policy (responseGroup)',
            field: 'scope',
          });
        }
      }
      if (usages.length > 0) throw new InUse(`Response group "${group.name}"`, usages);
      await endGroupGrants(tx, organisationId, group.number);
      const messages = await tx.voicemail.list(organisationId, { type: 'responseGroup', responseGroupId: groupId });
      await tx.responseGroups.delete(organisationId, groupId);
      await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      return messages.map((m) => m.id);
    });
    await deleteMessageAudio(this.files, organisationId, messageIds);
  }

  /** R16: an agent logs in to or out of the group. */
  setAgentLoggedIn(organisationId: string, groupId: string, userId: string, loggedIn: boolean): Promise<ResponseGroup> {
    return this.store.transaction(async (tx) => {
      const group = await requireGroup(tx, organisationId, groupId);
      if (!group.agents.some((a) => a.userId === userId)) throw new NotFound('Agent', userId);
      await tx.responseGroups.setAgentLoggedIn(organisationId, groupId, userId, loggedIn);
      return requireGroup(tx, organisationId, groupId);
    });
  }

  /**
   * R16, R74: an agent's place in the group — where they are rung (`reachOn`) and, if given,
   * whether they are logged in — in one change. Ringing on a mobile is accepted for an agent who
   * has no mobile number yet (the admin may add it afterwards, and the user's number belongs to
   * the user's settings, not the group's): until then the switch rings their phones, and the
   * answer carries an `agent_has_no_mobile` warning saying so.
   */
  setAgent(
    organisationId: string,
    groupId: string,
    userId: string,
    change: AgentChange,
  ): Promise<ResponseGroupWithWarnings> {
    return this.store.transaction(async (tx) => {
      const group = await requireGroup(tx, organisationId, groupId);
      if (!group.agents.some((a) => a.userId === userId)) throw new NotFound('Agent', userId);
      if (change.reachOn !== undefined)
        await tx.responseGroups.setAgentReach(organisationId, groupId, userId, change.reachOn);
      if (change.loggedIn !== undefined)
        await tx.responseGroups.setAgentLoggedIn(organisationId, groupId, userId, change.loggedIn);
      const updated = await requireGroup(tx, organisationId, groupId);
      const reachOn = updated.agents.find((a) => a.userId === userId)?.reachOn ?? 'phone';
      const user = await tx.users.get(organisationId, userId);
      const warnings: AgentWarning[] =
        reachOn !== 'phone' && !user?.mobileNumber
          ? [
              {
                path: 'reachOn',
                code: 'agent_has_no_mobile',
                message: `${user?.name ?? 'The agent'} has no mobile number yet: their phones are rung until one is set`,
              },
            ]
          : [];
      return { ...updated, warnings };
    });
  }

  getDefaults(organisationId: string): Promise<ResponseGroupSettings> {
    return this.store.responseGroups.getDefaults(organisationId);
  }

  /** R13: changes the defaults for groups created from now on; existing groups keep theirs. */
  patchDefaults(organisationId: string, patch: ResponseGroupSettingsPatch): Promise<ResponseGroupSettings> {
    return this.store.transaction(async (tx) => {
      const stored = await tx.responseGroups.getDefaults(organisationId);
      const known = await destinationFacts(tx, organisationId);
      // Users deleted before their removal from this list was automatic must not block every later save.
      const current = {
        ...stored,
        voicemail: {
          ...stored.voicemail,
          notifyUserIds: stored.voicemail.notifyUserIds.filter((id) => known.userIds.has(id)),
        },
      };
      const next = validateSettings(
        ResponseGroupSettings,
        applySettingsPatch(current, patch),
        'responseGroup',
        known,
        '',
      );
      checkUserIds(next.voicemail.notifyUserIds, known, 'voicemail.notifyUserIds');
      checkQueueKeys(next.queue, 'queue');
      checkSpokenLanguages(next, (tag) => this.speech.supportsLanguage(tag));
      await tx.responseGroups.setDefaults(organisationId, next);
      return next;
    });
  }
}

/**
 * R52: "all agents" and "all supervisors" of a display number mean those of the group whose number
 * it is. When the number stops being the group's (the group is deleted or gets another number)
 * those grants end with it, so the display number can be saved again.
 */
async function endGroupGrants(tx: Repositories, organisationId: string, number: string): Promise<void> {
  const display = (await tx.displayNumbers.list(organisationId)).find((d) => d.number === number);
  if (display && (display.grantToGroupAgents || display.grantToGroupSupervisors)) {
    await tx.displayNumbers.update(organisationId, {
      ...display,
      grantToGroupAgents: false,
      grantToGroupSupervisors: false,
    });
  }
}

async function requireGroup(repos: Repositories, organisationId: string, groupId: string): Promise<ResponseGroup> {
  const group = await repos.responseGroups.get(organisationId, groupId);
  if (!group) throw new NotFound('Response group', groupId);
  return group;
}

/** R11, R12: agents and supervisors are the organisation's users; supervisors are pro; numeric IDs unique. */
async function checkMembers(
  tx: Repositories,
  organisationId: string,
  input: { numericId?: string; agentIds?: string[]; supervisorIds?: string[] },
  groupId: string | null,
): Promise<void> {
  const [users, groups] = await Promise.all([tx.users.list(organisationId), tx.responseGroups.list(organisationId)]);
  checkResponseGroupMembers({
    numericId: input.numericId,
    agentIds: input.agentIds,
    supervisorIds: input.supervisorIds,
    users: new Map(users.map((u) => [u.id, { licence: u.licence }])),
    otherNumericIds: groups.filter((g) => g.id !== groupId).map((g) => g.numericId),
  });
}

const unique = (ids: string[]) => [...new Set(ids)];
