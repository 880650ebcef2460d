import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import type { Membership } from '@vaxel/domain';
import { queryKeys } from '../shared/api/queryKeys.ts';
import { i18n } from '../shared/i18n/i18n.ts';
import { OrgProvider } from '../shared/org/OrgContext.tsx';

export const testOrg: Membership = {
  organisationId: 'org-1',
  organisationName: 'Demo AB',
  userId: 'u-admin',
  language: 'en',
  timeZone: 'Europe/Stockholm',
  country: 'SE',
  permissions: ['phone_system'],
};

type Seed = {
  users?: unknown[];
  responseGroups?: unknown[];
  ivrMenus?: unknown[];
  audioFiles?: unknown[];
  queries?: Array<[readonly unknown[], unknown]>;
};

/**
 * Renders a component as the console does (Mantine, i18n in English, an organisation, a query
 * cache) with the lists the pickers read already in the cache, so no request is made.
 */
export function renderWithProviders(ui: ReactElement, seed: Seed = {}) {
  void i18n.changeLanguage('en');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(queryKeys.users(testOrg.organisationId), seed.users ?? []);
  client.setQueryData(queryKeys.responseGroups(testOrg.organisationId), seed.responseGroups ?? []);
  client.setQueryData(queryKeys.ivrMenus(testOrg.organisationId), seed.ivrMenus ?? []);
  client.setQueryData(queryKeys.audioFiles(testOrg.organisationId), seed.audioFiles ?? []);
  for (const [key, data] of seed.queries ?? []) client.setQueryData(key, data);
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <QueryClientProvider client={client}>
          <MemoryRouter>
            <OrgProvider membership={testOrg}>{ui}</OrgProvider>
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}
