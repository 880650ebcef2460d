import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { RecordingPoliciesPanel } from './RecordingPoliciesPanel.tsx';
import { RecordingsList } from './RecordingsList.tsx';

/** Samtalsinspelning (R56–R57). */
export function RecordingPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <PageTitle>{t('recording.title')}</PageTitle>
      <RecordingPoliciesPanel />
      <RecordingsList />
    </Stack>
  );
}
