import type { NumberAssignment, NumberType, PhoneNumber } from '@vaxel/domain';
import { nowIso } from '../codec.ts';
import type { Db } from '../database.ts';
import type { NumberRecord, NumberRepository } from '../ports.ts';

/**
 * The inventory. What a number is assigned to is not stored here: it is derived from the users,
 * groups and menus that carry the number, so deleting a group frees its number by itself.
 */
export class KyselyNumberRepository implements NumberRepository {
  constructor(private readonly db: Db) {}

  async allocate(
    organisationId: string,
    numbers: Array<{ number: string; type: NumberType }>,
  ): Promise<NumberRecord[]> {
    if (numbers.length === 0) return [];
    const createdAt = nowIso();
    // One statement: all numbers are allocated or, if any is taken (UniqueViolation), none.
    await this.db
      .insertInto('numbers')
      .values(
        numbers.map((n) => ({
          number: n.number,
          type: n.type,
          organisation_id: organisationId,
          created_at: createdAt,
        })),
      )
      .execute();
    return numbers.map((n) => ({ number: n.number, type: n.type, organisationId }));
  }

  async list(organisationId: string): Promise<PhoneNumber[]> {
    const [numbers, users, groups, menus] = await Promise.all([
      this.db
        .selectFrom('numbers')
        .select(['number', 'type'])
        .where('organisation_id', '=', organisationId)
        .orderBy('number')
        .execute(),
      this.db
        .selectFrom('users')
        .select(['id', 'name', 'mobile_number', 'landline_number'])
        .where('organisation_id', '=', organisationId)
        .where((eb) => eb.or([eb('mobile_number', 'is not', null), eb('landline_number', 'is not', null)]))
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('response_groups')
        .select(['id', 'name', 'number'])
        .where('organisation_id', '=', organisationId)
        .execute(),
      this.db
        .selectFrom('ivr_menus')
        .select(['id', 'name', 'number'])
        .where('organisation_id', '=', organisationId)
        .where('number', 'is not', null)
        .execute(),
    ]);
    const assignments = new Map<string, NumberAssignment>();
    // The first claim wins should data ever disagree; the rules allow only one (numberRules.ts).
    const claim = (number: string | null, assignment: NumberAssignment) => {
      if (number !== null && !assignments.has(number)) assignments.set(number, assignment);
    };
    for (const u of users) {
      claim(u.mobile_number, { type: 'userMobile', userId: u.id, name: u.name });
      claim(u.landline_number, { type: 'userLandline', userId: u.id, name: u.name });
    }
    for (const g of groups) claim(g.number, { type: 'responseGroup', responseGroupId: g.id, name: g.name });
    for (const m of menus) claim(m.number, { type: 'ivrMenu', ivrMenuId: m.id, name: m.name });
    return numbers.map((n) => ({
      number: n.number,
      type: n.type as NumberType,
      organisationId,
      assignment: assignments.get(n.number) ?? null,
    }));
  }

  async findOwner(number: string): Promise<NumberRecord | null> {
    const row = await this.db
      .selectFrom('numbers')
      .select(['number', 'type', 'organisation_id'])
      .where('number', '=', number)
      .executeTakeFirst();
    return row ? { number: row.number, type: row.type as NumberType, organisationId: row.organisation_id } : null;
  }

  async release(organisationId: string, number: string): Promise<void> {
    await this.db
      .deleteFrom('numbers')
      .where('organisation_id', '=', organisationId)
      .where('number', '=', number)
      .execute();
  }
}
