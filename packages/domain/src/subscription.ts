import { z } from 'zod';
import { Id, Package, Timestamp } from './primitives.ts';

export const PurchasableItem = z.enum(['responseGroup', 'ivrMenu']);
export type PurchasableItem = z.infer<typeof PurchasableItem>;

/** R7: what the light package includes; unlimited has no limit. */
export const includedInLight: Record<PurchasableItem, number> = { responseGroup: 2, ivrMenu: 2 };

/** Monthly price of one extra, in öre (SEK minor units). */
export const unitPriceMinor: Record<PurchasableItem, number> = { responseGroup: 9900, ivrMenu: 4900 };
export const currency = 'SEK';

export const Allowance = z.object({
  item: PurchasableItem,
  included: z.number().int().nullable().describe('null: unlimited'),
  purchased: z.number().int(),
  total: z.number().int().nullable().describe('null: unlimited'),
  used: z.number().int(),
});
export type Allowance = z.infer<typeof Allowance>;

export const InvoiceLine = z.object({
  id: Id,
  organisationId: Id,
  item: PurchasableItem,
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  currency: z.string(),
  purchasedAt: Timestamp,
  purchasedBy: z.object({ userId: Id.nullable(), name: z.string() }),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const Subscription = z.object({
  package: Package,
  allowances: z.array(Allowance),
  upcomingInvoice: z.object({
    lines: z.array(InvoiceLine),
    totalMinor: z.number().int(),
    currency: z.string(),
  }),
});
export type Subscription = z.infer<typeof Subscription>;

export const PurchaseRequest = z.object({ item: PurchasableItem, quantity: z.number().int().min(1).max(100) }).strict();
export type PurchaseRequest = z.infer<typeof PurchaseRequest>;

/** R6–R8: the allowance of an item for a package and what was bought. */
export function allowance(pkg: Package, item: PurchasableItem, purchased: number, used: number): Allowance {
  if (pkg === 'unlimited') return { item, included: null, purchased, total: null, used };
  const included = includedInLight[item];
  return { item, included, purchased, total: included + purchased, used };
}

/** R8: whether one more can be created. */
export function canCreateAnother(a: Allowance): boolean {
  return a.total === null || a.used < a.total;
}
