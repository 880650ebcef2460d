import { ResponseGroupsPage } from '../../features/response-groups/index.ts';
import { BuyMore } from '../../features/subscription/index.ts';

/** Composes two features (bulletproof-react: features do not import each other). */
export function ResponseGroupsRoute() {
  return <ResponseGroupsPage purchase={<BuyMore item="responseGroup" />} />;
}
