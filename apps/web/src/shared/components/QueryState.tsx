import { Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.tsx';

/** Shows a query's loading and error states, and the content once the data is there. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isPending || query.data === undefined) return <Loader aria-label={t('common.loading')} size="sm" />;
  return <>{children(query.data)}</>;
}
