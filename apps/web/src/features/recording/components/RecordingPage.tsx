import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { RecordingPoliciesPanel } from './RecordingPoliciesPanel.tsx';
import { RecordingsList } from './RecordingsList.tsx';

/** Samtalsinspelning (R56–R57): policies for admins; recordings for everyone allowed to hear them. */
export function RecordingPage() {
  const { t } = useTranslation();
  const admin = useOrg().permissions.includes('phone_system');
  return (
    <Stack gap="xl">
      <PageTitle>{t('recording.title')}</PageTitle>
      {admin && <RecordingPoliciesPanel />}
      <RecordingsList />
    </Stack>
  );
}
