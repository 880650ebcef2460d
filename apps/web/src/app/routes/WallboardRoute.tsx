import { NoPermission } from '../../features/auth/index.ts';
import { WallboardPage } from '../../features/wallboard/index.ts';
import { useOrg } from '../../shared/org/OrgContext.tsx';

/** Composes two features: the wallboard, and the console's forbidden page for those who are not the group's supervisors. */
export function WallboardRoute() {
  const org = useOrg();
  return <WallboardPage forbidden={<NoPermission organisationName={org.organisationName} reason="supervisor" />} />;
}
