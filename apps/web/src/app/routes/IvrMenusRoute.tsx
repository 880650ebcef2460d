import { IvrMenusPage } from '../../features/ivr-menus/index.ts';
import { BuyMore } from '../../features/subscription/index.ts';

export function IvrMenusRoute() {
  return <IvrMenusPage purchase={<BuyMore item="ivrMenu" />} />;
}
