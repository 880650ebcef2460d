import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconUrgent } from '@tabler/icons-react';
import { emergencyNumbersOf } from '@vaxel/domain';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useOutboundRules } from '../api/getOutboundRules.ts';
import { useReplaceOutboundRules } from '../api/replaceOutboundRules.ts';
import { countryName } from './countryName.ts';
import { OutboundRulesForm } from './OutboundRulesForm.tsx';

/** Utgående samtal: which outside numbers the organisation's calls may reach (R91), and its emergency numbers (R92). */
export function OutboundRulesPage() {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const rules = useOutboundRules();
  const replace = useReplaceOutboundRules();
  const emergency = emergencyNumbersOf(org.country);
  return (
    <Stack>
      <PageTitle>{t('outbound.title')}</PageTitle>
      <Text size="sm" c="dimmed">
        {t('outbound.intro')}
      </Text>
      <Paper withBorder p="md" component="section" aria-label={t('outbound.emergencyTitle')}>
        <Stack gap="xs">
          <Group gap="xs">
            <IconUrgent aria-hidden color="var(--mantine-color-red-8)" />
            <Title order={2} size="h5">
              {t('outbound.emergencyTitle')}
            </Title>
          </Group>
          <Text size="sm">{t('outbound.emergencyHelp')}</Text>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {t('outbound.emergencyIn', { country: countryName(org.country, i18n.language) })}
            </Text>
            {emergency.map((e) => (
              <Badge key={e.number} color="red" variant="outline" title={e.service}>
                {e.number}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Paper>
      <QueryState query={rules}>
        {(r) => <OutboundRulesForm rules={r} country={org.country} save={(next) => replace.mutateAsync(next)} />}
      </QueryState>
    </Stack>
  );
}
