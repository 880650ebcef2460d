import type { InvoiceLine, PurchasableItem } from '@vaxel/domain';
import { newId, toCount, toIso } from '../codec.ts';
import type { Db, PurchasesTable } from '../database.ts';
import type { SubscriptionRepository } from '../ports.ts';

const toLine = (row: PurchasesTable): InvoiceLine => ({
  id: row.id,
  organisationId: row.organisation_id,
  item: row.item as PurchasableItem,
  quantity: row.quantity,
  unitPriceMinor: row.unit_price_minor,
  currency: row.currency,
  purchasedAt: row.purchased_at,
  purchasedBy: { userId: row.purchased_by_user_id, name: row.purchased_by_name },
});

export class KyselySubscriptionRepository implements SubscriptionRepository {
  constructor(private readonly db: Db) {}

  async purchased(organisationId: string, item: PurchasableItem): Promise<number> {
    const row = await this.db
      .selectFrom('purchases')
      .select((eb) => eb.fn.sum<string | number | null>('quantity').as('total'))
      .where('organisation_id', '=', organisationId)
      .where('item', '=', item)
      .executeTakeFirst();
    return toCount(row?.total);
  }

  async addPurchase(organisationId: string, line: Omit<InvoiceLine, 'id' | 'organisationId'>): Promise<InvoiceLine> {
    const row: PurchasesTable = {
      id: newId(),
      organisation_id: organisationId,
      item: line.item,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      currency: line.currency,
      purchased_at: toIso(line.purchasedAt, 'purchasedAt'),
      purchased_by_user_id: line.purchasedBy.userId,
      purchased_by_name: line.purchasedBy.name,
      invoiced_at: null,
    };
    await this.db.insertInto('purchases').values(row).execute();
    return toLine(row);
  }

  async upcomingInvoiceLines(organisationId: string): Promise<InvoiceLine[]> {
    const rows = await this.db
      .selectFrom('purchases')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('invoiced_at', 'is', null)
      .orderBy('purchased_at')
      .orderBy('id')
      .execute();
    return rows.map(toLine);
  }
}
