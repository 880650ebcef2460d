import { fromJson, newId, toIso, toJson } from '../codec.ts';
import type { Db, LiveDialogsTable } from '../database.ts';
import type { LiveDialog, NewLiveDialog, SwitchStateRepository } from '../ports.ts';

const toLiveDialog = (row: LiveDialogsTable): LiveDialog => ({
  id: row.id,
  instanceId: row.instance_id,
  organisationId: row.organisation_id,
  callId: row.call_id,
  dialog: fromJson<Record<string, unknown>>(row.dialog),
  createdAt: row.created_at,
});

/** Issue 10: what a switch leaves behind to recover from a crash (0013): its heartbeat and its answered dialogs. */
export class KyselySwitchStateRepository implements SwitchStateRepository {
  constructor(private readonly db: Db) {}

  async heartbeat(instanceId: string, at: string): Promise<void> {
    const aliveAt = toIso(at, 'aliveAt');
    await this.db
      .insertInto('switch_heartbeats')
      .values({ instance_id: instanceId, alive_at: aliveAt })
      .onConflict((oc) => oc.column('instance_id').doUpdateSet({ alive_at: aliveAt }))
      .execute();
  }

  async lastHeartbeat(instanceId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('switch_heartbeats')
      .select('alive_at')
      .where('instance_id', '=', instanceId)
      .executeTakeFirst();
    return row?.alive_at ?? null;
  }

  async saveDialog(dialog: NewLiveDialog): Promise<LiveDialog> {
    const row: LiveDialogsTable = {
      id: newId(),
      instance_id: dialog.instanceId,
      organisation_id: dialog.organisationId,
      call_id: dialog.callId,
      dialog: toJson(dialog.dialog),
      created_at: toIso(dialog.createdAt, 'createdAt'),
    };
    await this.db.insertInto('live_dialogs').values(row).execute();
    return toLiveDialog(row);
  }

  async removeDialog(id: string): Promise<void> {
    await this.db.deleteFrom('live_dialogs').where('id', '=', id).execute();
  }

  async listDialogs(instanceId: string): Promise<LiveDialog[]> {
    const rows = await this.db
      .selectFrom('live_dialogs')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toLiveDialog);
  }
}
