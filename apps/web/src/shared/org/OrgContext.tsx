import { createContext, useContext, type ReactNode } from 'react';
import type { Membership } from '@vaxel/domain';

/** The organisation the console is working in (R5): its id, language, time zone and the person's rights there. */
const OrgContext = createContext<Membership | null>(null);

export function OrgProvider({ membership, children }: { membership: Membership; children: ReactNode }) {
  return <OrgContext.Provider value={membership}>{children}</OrgContext.Provider>;
}

export function useOrg(): Membership {
  const membership = useContext(OrgContext);
  if (!membership) throw new Error('useOrg() used outside an organisation');
  return membership;
}

export const useOrgId = (): string => useOrg().organisationId;
