import { Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUsers } from '../../../shared/api/lookups.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';
import { callsCsvUrl } from '../api/callsCsvUrl.ts';
import { useCalls, type CallFilters } from '../api/getCalls.ts';
import { useCallStatistics } from '../api/getCallStatistics.ts';
import { CallCharts } from './CallCharts.tsx';
import { CallFiltersForm } from './CallFiltersForm.tsx';
import { CallTable } from './CallTable.tsx';

/** The last week, narrowed by any filters in the address (a group's "call statistics" link sets responseGroupId). */
function initialFilters(params: URLSearchParams): CallFilters {
  const filters: CallFilters = { from: new Date(Date.now() - 7 * 86_400_000).toISOString() };
  for (const key of ['responseGroupId', 'userId', 'number', 'direction', 'outcome'] as const) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const emergency = params.get('emergency');
  if (emergency === 'true' || emergency === 'false') filters.emergency = emergency;
  return filters;
}

/** Samtalslogg: search (R59), the calls (R58), CSV export, statistics (R60). */
export function CallLogPage() {
  const { t } = useTranslation();
  const orgId = useOrgId();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<CallFilters>(() => initialFilters(params));
  const [bucket, setBucket] = useState<'hour' | 'day'>('day');
  const calls = useCalls(filters);
  const stats = useCallStatistics({ from: filters.from, to: filters.to, bucket });
  const users = useUsers().data ?? [];
  const all = calls.data?.pages.flatMap((p) => p.calls) ?? [];
  return (
    <Stack>
      <PageTitle
        actions={
          <Button
            component="a"
            href={callsCsvUrl(orgId, filters)}
            download="calls.csv"
            variant="light"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            {t('calls.exportCsv')}
          </Button>
        }
      >
        {t('calls.title')}
      </PageTitle>
      <CallFiltersForm value={filters} onApply={setFilters} errors={problemFieldErrors(calls.error)} />
      {calls.error ? (
        <ErrorAlert error={calls.error} shownPaths={['from', 'to', 'number']} />
      ) : calls.isPending ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : all.length === 0 ? (
        <Text c="dimmed">{t('calls.noCalls')}</Text>
      ) : (
        <CallTable calls={all} users={users} />
      )}
      {calls.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()}>
            {t('calls.loadMore')}
          </Button>
        </Group>
      )}
      <QueryState query={stats}>{(s) => <CallCharts stats={s} bucket={bucket} onBucket={setBucket} />}</QueryState>
    </Stack>
  );
}
