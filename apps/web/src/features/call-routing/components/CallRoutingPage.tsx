import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useCallRoutingDefaults } from '../api/getCallRoutingDefaults.ts';
import { useUpdateCallRoutingDefaults } from '../api/updateCallRoutingDefaults.ts';
import { DefaultsSection } from './DefaultsSection.tsx';
import { UnassignedNumbersSection } from './UnassignedNumbersSection.tsx';
import { UserRoutingPanel } from './UserRoutingPanel.tsx';
import { VoicemailAccessSection } from './VoicemailAccessSection.tsx';

/** Samtalsstyrning: the organisation's defaults (R30–R36) and each user's own settings (R37). */
export function CallRoutingPage() {
  const { t } = useTranslation();
  const defaults = useCallRoutingDefaults();
  const update = useUpdateCallRoutingDefaults();
  const save = (patch: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(patch);
  return (
    <Stack>
      <PageTitle>{t('routing.title')}</PageTitle>
      <Title order={2} size="h4">
        {t('routing.defaults')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('routing.defaultsHelp')}
      </Text>
      <QueryState query={defaults}>
        {(d) => (
          <Stack>
            <DefaultsSection
              title={t('routing.voicemailGreeting')}
              fields={['voicemailGreeting']}
              defaults={d}
              save={save}
            />
            <DefaultsSection
              title={t('routing.unanswered')}
              fields={['ringSeconds', 'unansweredDestination']}
              defaults={d}
              save={save}
            />
            <DefaultsSection
              title={t('routing.busy')}
              fields={['callWaiting', 'busyDestination']}
              defaults={d}
              save={save}
            />
            <DefaultsSection title={t('routing.rejected')} fields={['rejectedDestination']} defaults={d} save={save} />
            <UnassignedNumbersSection value={d.unassignedNumbers} save={save} />
            <VoicemailAccessSection value={d.voicemailAccess} save={save} />
            <DefaultsSection title={t('routing.callerId')} fields={['callerIdType']} defaults={d} save={save} />
          </Stack>
        )}
      </QueryState>
      <UserRoutingPanel />
    </Stack>
  );
}
