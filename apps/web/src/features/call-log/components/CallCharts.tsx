import { BarChart, DonutChart } from '@mantine/charts';
import { Group, Paper, SegmentedControl, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallStatistics } from '@vaxel/domain';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

function bucketLabel(start: string, bucket: 'hour' | 'day', timeZone: string, language: string): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === 'hour'
      ? { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { timeZone, month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', options).format(new Date(start));
}

type Props = { stats: CallStatistics; bucket: 'hour' | 'day'; onBucket: (b: 'hour' | 'day') => void };

/** R60: calls per hour/day, answered vs missed, wait-time distribution, per group. */
export function CallCharts({ stats, bucket, onBucket }: Props) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const series = stats.series.map((s) => ({
    period: bucketLabel(s.start, stats.bucket, org.timeZone, i18n.language),
    answered: s.answered,
    missed: s.missed,
    other: s.other,
  }));
  const answered = stats.series.reduce((n, s) => n + s.answered, 0);
  const missed = stats.series.reduce((n, s) => n + s.missed, 0);
  const other = stats.series.reduce((n, s) => n + s.other, 0);
  const waits = stats.waitTimeHistogram.map((h) => ({
    range: h.toSeconds === null ? `${h.fromSeconds}+ s` : `${h.fromSeconds}–${h.toSeconds} s`,
    calls: h.calls,
  }));
  const perGroup = stats.byResponseGroup.map((g) => ({ group: g.name, answered: g.answered, missed: g.missed }));
  const labels = { answered: t('calls.answered'), missed: t('calls.missed'), other: t('calls.other') };
  return (
    <Paper withBorder p="md" component="section" aria-label={t('calls.statistics')}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('calls.statistics')}
        </Title>
        <SegmentedControl
          aria-label={t('calls.bucket')}
          size="xs"
          value={bucket}
          onChange={(v) => onBucket(v as 'hour' | 'day')}
          data={[
            { value: 'hour', label: t('calls.hour') },
            { value: 'day', label: t('calls.day') },
          ]}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('calls.perPeriod')}
          </Text>
          <BarChart
            h={220}
            data={series}
            dataKey="period"
            type="stacked"
            series={[
              { name: 'answered', label: labels.answered, color: 'teal.6' },
              { name: 'missed', label: labels.missed, color: 'red.6' },
              { name: 'other', label: labels.other, color: 'gray.5' },
            ]}
            withLegend
          />
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('calls.answeredVsMissed')}
          </Text>
          <DonutChart
            h={220}
            withLabels
            withTooltip
            data={[
              { name: labels.answered, value: answered, color: 'teal.6' },
              { name: labels.missed, value: missed, color: 'red.6' },
              { name: labels.other, value: other, color: 'gray.5' },
            ]}
            chartLabel={`${answered + missed + other} ${t('calls.callsCount')}`}
          />
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('calls.waitDistribution')}
          </Text>
          <BarChart
            h={220}
            data={waits}
            dataKey="range"
            series={[{ name: 'calls', label: t('calls.callsCount'), color: 'blue.6' }]}
          />
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('calls.perGroup')}
          </Text>
          <BarChart
            h={220}
            data={perGroup}
            dataKey="group"
            series={[
              { name: 'answered', label: labels.answered, color: 'teal.6' },
              { name: 'missed', label: labels.missed, color: 'red.6' },
            ]}
            withLegend
          />
        </div>
      </SimpleGrid>
    </Paper>
  );
}
