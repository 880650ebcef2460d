import { Fieldset, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { OutboundLimits } from '@vaxel/domain';
import { useTranslation } from 'react-i18next';
import { fieldError, type FieldErrors } from '../../../shared/api/problem.ts';

type Props = { limits: OutboundLimits; onChange: (limits: OutboundLimits) => void; errors: FieldErrors };

/** An emptied field stays invalid (NaN) rather than becoming 0, so the server names it instead of saving a guess. */
const numberOf = (v: string | number) => (v === '' ? Number.NaN : Number(v));

/**
 * Issue 10 "Toll fraud": how much the organisation may call out at all (domain OutboundLimits).
 * The bounds shown are the domain's; the server's refusal of a value appears beside its field.
 */
export function OutboundLimitsFields({ limits, onChange, errors }: Props) {
  const { t } = useTranslation();
  const spike = limits.internationalSpike;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('outbound.limits')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('outbound.limits')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('outbound.limitsHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('outbound.concurrentCalls')}
            description={t('outbound.concurrentCallsHelp')}
            min={1}
            max={1000}
            allowDecimal={false}
            value={limits.concurrentCalls}
            onChange={(v) => onChange({ ...limits, concurrentCalls: numberOf(v) })}
            error={fieldError(errors, 'concurrentCalls')}
          />
          <NumberInput
            label={t('outbound.minutesPerHour')}
            description={t('outbound.minutesPerHourHelp')}
            min={1}
            max={60000}
            allowDecimal={false}
            value={limits.minutesPerHour}
            onChange={(v) => onChange({ ...limits, minutesPerHour: numberOf(v) })}
            error={fieldError(errors, 'minutesPerHour')}
          />
        </SimpleGrid>
        <Fieldset
          legend={
            <Text size="sm" fw={600} span>
              {t('outbound.spike')}
            </Text>
          }
          variant="unstyled"
          p={0}
        >
          <Text size="sm" c="dimmed" mb="xs">
            {t('outbound.spikeHelp')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('outbound.spikeCalls')}
              description={t('outbound.spikeCallsHelp')}
              min={2}
              max={1000}
              allowDecimal={false}
              value={spike.calls}
              onChange={(v) => onChange({ ...limits, internationalSpike: { ...spike, calls: numberOf(v) } })}
              error={fieldError(errors, 'internationalSpike.calls')}
            />
            <NumberInput
              label={t('outbound.spikeSeconds')}
              description={t('outbound.spikeSecondsHelp')}
              min={10}
              max={3600}
              allowDecimal={false}
              value={spike.seconds}
              onChange={(v) => onChange({ ...limits, internationalSpike: { ...spike, seconds: numberOf(v) } })}
              error={fieldError(errors, 'internationalSpike.seconds')}
            />
          </SimpleGrid>
        </Fieldset>
      </Stack>
    </Paper>
  );
}
