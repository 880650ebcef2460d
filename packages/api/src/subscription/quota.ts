import { allowance, canCreateAnother, QuotaExceeded, type PurchasableItem } from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';
import { requireOrganisation } from '../organisation/orgData.ts';

/** R6–R8: refuses creating one more group or menu beyond the package and what was bought. */
export async function ensureRoomForAnother(
  repos: Repositories,
  organisationId: string,
  item: PurchasableItem,
): Promise<void> {
  const organisation = await requireOrganisation(repos, organisationId);
  const [purchased, used] = await Promise.all([
    repos.subscription.purchased(organisationId, item),
    item === 'responseGroup' ? repos.responseGroups.count(organisationId) : repos.ivrMenus.count(organisationId),
  ]);
  const current = allowance(organisation.package, item, purchased, used);
  if (!canCreateAnother(current)) throw new QuotaExceeded(item, current.total ?? used);
}
