import { voicemailBoxId } from '@vaxel/domain';
import { newId, toFlag, fromFlag, toIso, toCount } from '../codec.ts';
import type { Db, VoicemailMessagesTable } from '../database.ts';
import type { NewVoicemailMessage, VoicemailBoxCounts, VoicemailMessage, VoicemailRepository } from '../ports.ts';

type Box = VoicemailMessage['box'];

const toMessage = (row: VoicemailMessagesTable): VoicemailMessage => ({
  id: row.id,
  organisationId: row.organisation_id,
  box: toBox(row.box_type, row.box_user_id, row.box_response_group_id),
  callId: row.call_id,
  fromNumber: row.from_number,
  fromName: row.from_name,
  durationMs: row.duration_ms,
  heard: fromFlag(row.heard),
  createdAt: row.created_at,
});

function toBox(type: string | null, userId: string | null, responseGroupId: string | null): Box {
  return type === 'responseGroup' || (type === null && responseGroupId !== null)
    ? { type: 'responseGroup', responseGroupId: responseGroupId ?? '' }
    : { type: 'user', userId: userId ?? '' };
}

const boxColumns = (box: Box) =>
  box.type === 'user'
    ? { box_type: 'user', box_user_id: box.userId, box_response_group_id: null }
    : { box_type: 'responseGroup', box_user_id: null, box_response_group_id: box.responseGroupId };

export class KyselyVoicemailRepository implements VoicemailRepository {
  constructor(private readonly db: Db) {}

  /** A box's messages, newest first. */
  async list(organisationId: string, box: Box): Promise<VoicemailMessage[]> {
    let query = this.db.selectFrom('voicemail_messages').selectAll().where('organisation_id', '=', organisationId);
    query =
      box.type === 'user'
        ? query.where('box_user_id', '=', box.userId)
        : query.where('box_response_group_id', '=', box.responseGroupId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toMessage);
  }

  async get(organisationId: string, id: string): Promise<VoicemailMessage | null> {
    const row = await this.db
      .selectFrom('voicemail_messages')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  async create(organisationId: string, m: NewVoicemailMessage): Promise<VoicemailMessage> {
    const row: VoicemailMessagesTable = {
      id: m.id ?? newId(),
      organisation_id: organisationId,
      ...boxColumns(m.box),
      call_id: m.callId,
      from_number: m.fromNumber,
      from_name: m.fromName ?? null,
      duration_ms: m.durationMs,
      heard: toFlag(m.heard),
      created_at: toIso(m.createdAt, 'createdAt'),
    };
    await this.db.insertInto('voicemail_messages').values(row).execute();
    return toMessage(row);
  }

  async markHeard(organisationId: string, id: string): Promise<void> {
    await this.setHeard(organisationId, id, true);
  }

  async setHeard(organisationId: string, id: string, heard: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('voicemail_messages')
      .set({ heard: toFlag(heard) })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('voicemail_messages')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }

  async counts(organisationId: string): Promise<VoicemailBoxCounts[]> {
    const rows = await this.db
      .selectFrom('voicemail_messages')
      .select((eb) => [
        'box_type',
        'box_user_id',
        'box_response_group_id',
        'heard',
        eb.fn.countAll<string | number>().as('count'),
      ])
      .where('organisation_id', '=', organisationId)
      .groupBy(['box_type', 'box_user_id', 'box_response_group_id', 'heard'])
      .execute();
    const byBox = new Map<string, VoicemailBoxCounts>();
    for (const row of rows) {
      const box = toBox(row.box_type, row.box_user_id, row.box_response_group_id);
      const key = voicemailBoxId(box);
      const counts = byBox.get(key) ?? { box, newMessages: 0, savedMessages: 0 };
      if (fromFlag(row.heard)) counts.savedMessages += toCount(row.count);
      else counts.newMessages += toCount(row.count);
      byBox.set(key, counts);
    }
    return [...byBox.values()].sort((a, b) => voicemailBoxId(a.box).localeCompare(voicemailBoxId(b.box)));
  }

  async getPinHash(organisationId: string, box: Box): Promise<string | null> {
    const row = await this.db
      .selectFrom('voicemail_boxes')
      .select('pin_hash')
      .where('organisation_id', '=', organisationId)
      .where('box_id', '=', voicemailBoxId(box))
      .executeTakeFirst();
    return row?.pin_hash ?? null;
  }

  async setPinHash(organisationId: string, box: Box, pinHash: string, at: string): Promise<void> {
    const updatedAt = toIso(at, 'at');
    const boxId = voicemailBoxId(box);
    await this.db
      .insertInto('voicemail_boxes')
      .values({
        organisation_id: organisationId,
        box_id: boxId,
        box_user_id: box.type === 'user' ? box.userId : null,
        box_response_group_id: box.type === 'responseGroup' ? box.responseGroupId : null,
        pin_hash: pinHash,
        updated_at: updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'box_id']).doUpdateSet({ pin_hash: pinHash, updated_at: updatedAt }),
      )
      .execute();
    await this.clearPinFailures(organisationId, box);
  }

  async boxesWithPin(organisationId: string): Promise<Box[]> {
    const rows = await this.db
      .selectFrom('voicemail_boxes')
      .select(['box_user_id', 'box_response_group_id'])
      .where('organisation_id', '=', organisationId)
      .where('pin_hash', 'is not', null)
      .orderBy('box_id')
      .execute();
    return rows.map((row) => toBox(null, row.box_user_id, row.box_response_group_id));
  }

  async recordPinFailure(organisationId: string, box: Box, at: string): Promise<void> {
    await this.db
      .insertInto('voicemail_pin_failures')
      .values({ id: newId(), organisation_id: organisationId, box_id: voicemailBoxId(box), failed_at: toIso(at, 'at') })
      .execute();
  }

  async pinFailures(
    organisationId: string,
    box: Box,
    since: string,
  ): Promise<{ count: number; lastAt: string | null }> {
    const row = await this.db
      .selectFrom('voicemail_pin_failures')
      .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('failed_at').as('last_at')])
      .where('organisation_id', '=', organisationId)
      .where('box_id', '=', voicemailBoxId(box))
      .where('failed_at', '>', toIso(since, 'since'))
      .executeTakeFirst();
    return { count: toCount(row?.count ?? 0), lastAt: row?.last_at ?? null };
  }

  async clearPinFailures(organisationId: string, box: Box): Promise<void> {
    await this.db
      .deleteFrom('voicemail_pin_failures')
      .where('organisation_id', '=', organisationId)
      .where('box_id', '=', voicemailBoxId(box))
      .execute();
  }
}
