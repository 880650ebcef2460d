import { NotFound, type IvrMenu } from '@vaxel/domain';
import { fromJson, fromJsonOrNull, newId, nowIso, toCount, toJson } from '../codec.ts';
import type { Db, IvrMenusTable } from '../database.ts';
import type { IvrMenuRepository } from '../ports.ts';

type NewMenu = Omit<IvrMenu, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

const toMenu = (row: IvrMenusTable): IvrMenu => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  number: row.number,
  billingNumber: row.billing_number,
  prompts: fromJson<IvrMenu['prompts']>(row.prompts),
  keys: fromJson<IvrMenu['keys']>(row.keys),
  openingHours: fromJsonOrNull<NonNullable<IvrMenu['openingHours']>>(row.opening_hours),
  closedPrompt: fromJsonOrNull<NonNullable<IvrMenu['closedPrompt']>>(row.closed_prompt),
  closedDestination: fromJson<IvrMenu['closedDestination']>(row.closed_destination),
  advanced: fromJson<IvrMenu['advanced']>(row.advanced),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = (menu: NewMenu) => ({
  name: menu.name,
  number: menu.number,
  billing_number: menu.billingNumber,
  prompts: toJson(menu.prompts),
  keys: toJson(menu.keys),
  opening_hours: menu.openingHours === null ? null : toJson(menu.openingHours),
  closed_prompt: menu.closedPrompt === null ? null : toJson(menu.closedPrompt),
  closed_destination: toJson(menu.closedDestination),
  advanced: toJson(menu.advanced),
});

export class KyselyIvrMenuRepository implements IvrMenuRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<IvrMenu[]> {
    const rows = await this.db
      .selectFrom('ivr_menus')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toMenu);
  }

  async get(organisationId: string, id: string): Promise<IvrMenu | null> {
    const row = await this.db
      .selectFrom('ivr_menus')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMenu(row) : null;
  }

  async create(organisationId: string, menu: NewMenu): Promise<IvrMenu> {
    const now = nowIso();
    const row: IvrMenusTable = {
      id: newId(),
      organisation_id: organisationId,
      ...columns(menu),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('ivr_menus').values(row).execute();
    return toMenu(row);
  }

  async update(organisationId: string, menu: IvrMenu): Promise<IvrMenu> {
    const result = await this.db
      .updateTable('ivr_menus')
      .set({ ...columns(menu), updated_at: nowIso() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', menu.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('IVR menu', menu.id);
    return (await this.get(organisationId, menu.id)) as IvrMenu;
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('ivr_menus').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
  }

  async count(organisationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('ivr_menus')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    return toCount(row.count);
  }
}
