import { newId, toFlag, fromFlag, toIso } from '../codec.ts';
import type { Db, VoicemailMessagesTable } from '../database.ts';
import type { VoicemailMessage, VoicemailRepository } from '../ports.ts';

const toMessage = (row: VoicemailMessagesTable): VoicemailMessage => ({
  id: row.id,
  organisationId: row.organisation_id,
  box:
    row.box_type === 'responseGroup'
      ? { type: 'responseGroup', responseGroupId: row.box_response_group_id ?? '' }
      : { type: 'user', userId: row.box_user_id ?? '' },
  callId: row.call_id,
  fromNumber: row.from_number,
  durationMs: row.duration_ms,
  heard: fromFlag(row.heard),
  createdAt: row.created_at,
});

const boxColumns = (box: VoicemailMessage['box']) =>
  box.type === 'user'
    ? { box_type: 'user', box_user_id: box.userId, box_response_group_id: null }
    : { box_type: 'responseGroup', box_user_id: null, box_response_group_id: box.responseGroupId };

export class KyselyVoicemailRepository implements VoicemailRepository {
  constructor(private readonly db: Db) {}

  /** A box's messages, newest first. */
  async list(organisationId: string, box: VoicemailMessage['box']): Promise<VoicemailMessage[]> {
    let query = this.db.selectFrom('voicemail_messages').selectAll().where('organisation_id', '=', organisationId);
    query = box.type === 'user' ? query.where('box_user_id', '=', box.userId) : query.where('box_response_group_id', '=', box.responseGroupId);
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

  async create(organisationId: string, m: Omit<VoicemailMessage, 'id' | 'organisationId'>): Promise<VoicemailMessage> {
    const row: VoicemailMessagesTable = {
      id: newId(),
      organisation_id: organisationId,
      ...boxColumns(m.box),
      call_id: m.callId,
      from_number: m.fromNumber,
      duration_ms: m.durationMs,
      heard: toFlag(m.heard),
      created_at: toIso(m.createdAt, 'createdAt'),
    };
    await this.db.insertInto('voicemail_messages').values(row).execute();
    return toMessage(row);
  }

  async markHeard(organisationId: string, id: string): Promise<void> {
    await this.db.updateTable('voicemail_messages').set({ heard: 1 }).where('organisation_id', '=', organisationId).where('id', '=', id).execute();
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('voicemail_messages').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
  }
}
