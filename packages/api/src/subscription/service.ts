import {
  allowance,
  Conflict,
  currency,
  PurchasableItem,
  unitPriceMinor,
  type InvoiceLine,
  type PurchaseRequest,
  type Subscription,
} from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import type { Clock } from '../deps.ts';
import type { Member } from '../auth/permissions.ts';
import { requireOrganisation } from '../organisation/orgData.ts';

/** R6–R8: the package, what it allows, and extras bought on the next invoice. */
export class SubscriptionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(organisationId: string): Promise<Subscription> {
    return view(this.store, organisationId);
  }

  /** R7: the allowance grows at once; the line records the item, quantity, price, date and who bought. */
  purchase(member: Member, request: PurchaseRequest): Promise<InvoiceLine> {
    return this.store.transaction(async (tx) => {
      const organisation = await requireOrganisation(tx, member.organisationId);
      if (organisation.package === 'unlimited') {
        throw new Conflict(
          'conflict',
          'The unlimited package already includes any number of response groups and IVR menus.',
        );
      }
      return tx.subscription.addPurchase(member.organisationId, {
        item: request.item,
        quantity: request.quantity,
        unitPriceMinor: unitPriceMinor[request.item],
        currency,
        purchasedAt: this.clock.now().toISOString(),
        purchasedBy: { userId: member.user.id, name: member.user.name },
      });
    });
  }
}

async function view(repos: Repositories, organisationId: string): Promise<Subscription> {
  const organisation = await requireOrganisation(repos, organisationId);
  const allowances = await Promise.all(
    PurchasableItem.options.map(async (item) => {
      const [purchased, used] = await Promise.all([
        repos.subscription.purchased(organisationId, item),
        item === 'responseGroup' ? repos.responseGroups.count(organisationId) : repos.ivrMenus.count(organisationId),
      ]);
      return allowance(organisation.package, item, purchased, used);
    }),
  );
  const lines = await repos.subscription.upcomingInvoiceLines(organisationId);
  return {
    package: organisation.package,
    allowances,
    upcomingInvoice: { lines, totalMinor: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0), currency },
  };
}
