import {
  NotFound,
  parseVoicemailBoxId,
  voicemailBoxId,
  type ResponseGroup,
  type User,
  type VoicemailBox,
  type VoicemailBoxOwner,
  type VoicemailMessage,
} from '@vaxel/domain';
import {
  fileKeys,
  hashVoicemailPin,
  type FileStore,
  type Store,
  type VoicemailMessage as StoredMessage,
} from '@vaxel/store';
import type { Member } from '../auth/permissions.ts';
import type { Clock } from '../deps.ts';

/**
 * R17, R76: voicemail boxes and their messages in the console. Who may open a box: its user; a
 * response group's box, the group's supervisors; every box, users with `phone_system`. A box the
 * caller may not open is answered like one that does not exist (404), so nobody learns of others'
 * boxes by trying ids.
 */
export class VoicemailService {
  constructor(
    private readonly store: Store,
    private readonly files: FileStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The boxes the caller may open: their own first, then groups' boxes (a group whose voicemail
   * is on, or that still holds messages), then, for `phone_system`, every other user's box.
   */
  async listBoxes(member: Member): Promise<VoicemailBox[]> {
    const organisationId = member.organisationId;
    const [users, groups, counts, pinned] = await Promise.all([
      this.store.users.list(organisationId),
      this.store.responseGroups.list(organisationId),
      this.store.voicemail.counts(organisationId),
      this.store.voicemail.boxesWithPin(organisationId),
    ]);
    const facts = boxFacts(counts, pinned);
    const admin = isAdmin(member);
    const own = users.filter((u) => u.id === member.user.id);
    const groupBoxes = groups.filter(
      (g) =>
        (admin || g.supervisorIds.includes(member.user.id)) &&
        (g.settings.voicemail.enabled || facts.has(voicemailBoxId(groupOwner(g)))),
    );
    // A pending user (invitation not yet accepted) is called and may be left messages too.
    const others = admin ? users.filter((u) => u.id !== member.user.id) : [];
    return [
      ...own.map((u) => userBox(u, facts)),
      ...groupBoxes.map((g) => groupBox(g, facts)),
      ...others.map((u) => userBox(u, facts)),
    ];
  }

  async getBox(member: Member, boxId: string): Promise<VoicemailBox> {
    const owner = await this.openable(member, boxId);
    const [counts, pinned] = await Promise.all([
      this.store.voicemail.counts(member.organisationId),
      this.store.voicemail.boxesWithPin(member.organisationId),
    ]);
    const facts = boxFacts(counts, pinned);
    return owner.kind === 'user' ? userBox(owner.user, facts) : groupBox(owner.group, facts);
  }

  /** The box's messages, newest first (the console shows new and saved apart). */
  async messages(member: Member, boxId: string): Promise<VoicemailMessage[]> {
    const owner = await this.openable(member, boxId);
    return (await this.store.voicemail.list(member.organisationId, owner.box)).map(toApiMessage);
  }

  async audio(member: Member, boxId: string, messageId: string): Promise<Buffer> {
    const message = await this.message(member, boxId, messageId);
    const wav = await this.files.get(fileKeys.voicemail(member.organisationId, message.id));
    if (!wav) throw new NotFound('Voicemail audio', messageId);
    return wav;
  }

  async setRead(member: Member, boxId: string, messageId: string, read: boolean): Promise<VoicemailMessage> {
    const message = await this.message(member, boxId, messageId);
    await this.store.voicemail.setHeard(member.organisationId, message.id, read);
    return toApiMessage({ ...message, heard: read });
  }

  /** Deletes the message and its audio (the row first: a message is never listed without its file). */
  async delete(member: Member, boxId: string, messageId: string): Promise<void> {
    const message = await this.message(member, boxId, messageId);
    await this.store.voicemail.delete(member.organisationId, message.id);
    await this.files.delete(fileKeys.voicemail(member.organisationId, message.id));
  }

  /** Only the hash is kept; the PIN opens the box by phone through the voicemail access. */
  async setPin(member: Member, boxId: string, pin: string): Promise<void> {
    const owner = await this.openable(member, boxId);
    await this.store.voicemail.setPinHash(
      member.organisationId,
      owner.box,
      await hashVoicemailPin(pin),
      this.clock.now().toISOString(),
    );
  }

  private async message(member: Member, boxId: string, messageId: string): Promise<StoredMessage> {
    const owner = await this.openable(member, boxId);
    const message = await this.store.voicemail.get(member.organisationId, messageId);
    if (!message || voicemailBoxId(message.box) !== voicemailBoxId(owner.box))
      throw new NotFound('Voicemail message', messageId);
    return message;
  }

  private async openable(
    member: Member,
    boxId: string,
  ): Promise<
    | { kind: 'user'; user: User; box: VoicemailBoxOwner }
    | { kind: 'group'; group: ResponseGroup; box: VoicemailBoxOwner }
  > {
    const box = parseVoicemailBoxId(boxId);
    const missing = () => new NotFound('Voicemail box', boxId);
    if (!box) throw missing();
    if (box.type === 'user') {
      if (box.userId !== member.user.id && !isAdmin(member)) throw missing();
      const user = await this.store.users.get(member.organisationId, box.userId);
      if (!user) throw missing();
      return { kind: 'user', user, box };
    }
    const group = await this.store.responseGroups.get(member.organisationId, box.responseGroupId);
    if (!group || (!isAdmin(member) && !group.supervisorIds.includes(member.user.id))) throw missing();
    return { kind: 'group', group, box };
  }
}

const isAdmin = (member: Member) => member.user.permissions.includes('phone_system');
const groupOwner = (g: ResponseGroup): VoicemailBoxOwner => ({ type: 'responseGroup', responseGroupId: g.id });

type BoxFacts = Map<string, { newMessages: number; savedMessages: number; hasPin: boolean }>;

function boxFacts(
  counts: Array<{ box: VoicemailBoxOwner; newMessages: number; savedMessages: number }>,
  pinned: VoicemailBoxOwner[],
): BoxFacts {
  const facts: BoxFacts = new Map();
  for (const c of counts)
    facts.set(voicemailBoxId(c.box), { newMessages: c.newMessages, savedMessages: c.savedMessages, hasPin: false });
  for (const box of pinned) {
    const id = voicemailBoxId(box);
    facts.set(id, { ...(facts.get(id) ?? { newMessages: 0, savedMessages: 0 }), hasPin: true });
  }
  return facts;
}

function summary(owner: VoicemailBoxOwner, name: string, extension: string, facts: BoxFacts): VoicemailBox {
  const id = voicemailBoxId(owner);
  const known = facts.get(id) ?? { newMessages: 0, savedMessages: 0, hasPin: false };
  return { id, owner, name, extension, ...known };
}

const userBox = (u: User, facts: BoxFacts) => summary({ type: 'user', userId: u.id }, u.name, u.extension, facts);
const groupBox = (g: ResponseGroup, facts: BoxFacts) => summary(groupOwner(g), g.name, g.numericId, facts);

export function toApiMessage(m: StoredMessage): VoicemailMessage {
  return {
    id: m.id,
    boxId: voicemailBoxId(m.box),
    callId: m.callId,
    fromNumber: m.fromNumber,
    fromName: m.fromName,
    receivedAt: m.createdAt,
    durationMs: m.durationMs,
    read: m.heard,
  };
}
