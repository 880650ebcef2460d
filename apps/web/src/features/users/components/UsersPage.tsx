import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { TeamsPanel } from './TeamsPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';

/** Users and teams: who the phone system serves, their licences, numbers, phones and teams (R3). */
export function UsersPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <PageTitle>{t('users.pageTitle')}</PageTitle>
      <UsersPanel />
      <TeamsPanel />
    </Stack>
  );
}
