import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { useAuditLog, type AuditFilters } from '../api/getAuditLog.ts';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';
import { AuditLogTable } from './AuditLogTable.tsx';

const filterKeys = ['objectType', 'objectId', 'actorAccountId', 'from', 'to'] as const;

/** Filters from the address, so a link can open the history of one object. */
function filtersFrom(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** Ändringslogg: who changed which setting when and from where, and logins; newest first, filtered, paged. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<AuditFilters>(() => filtersFrom(params));
  // The filter form starts from the filters it is given; a new key makes it start again.
  const [formKey, setFormKey] = useState(0);
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  function apply(next: AuditFilters) {
    setFilters(next);
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>, {
      replace: true,
    });
  }
  function showObject(objectType: string, objectId: string) {
    apply({ ...filters, objectType, objectId });
    setFormKey((k) => k + 1);
  }
  function showAllObjects() {
    const { objectId: _one, objectType: _type, ...rest } = filters;
    apply(rest);
    setFormKey((k) => k + 1);
  }

  return (
    <Stack>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Text size="sm" c="dimmed">
        {t('audit.help')}
      </Text>
      <AuditFiltersForm key={formKey} value={filters} onApply={apply} errors={problemFieldErrors(log.error)} />
      {filters.objectId && (
        <Alert variant="light" color="blue">
          <Group justify="space-between">
            <Text size="sm">{t('audit.oneObject')}</Text>
            <Button variant="default" size="xs" onClick={showAllObjects}>
              {t('audit.allObjects')}
            </Button>
          </Group>
        </Alert>
      )}
      {log.error ? (
        <ErrorAlert error={log.error} shownPaths={['from', 'to']} />
      ) : log.isPending ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : entries.length === 0 ? (
        <Text c="dimmed">{t('audit.empty')}</Text>
      ) : (
        <AuditLogTable entries={entries} onObjectHistory={showObject} />
      )}
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('audit.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
