import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemFieldErrors, unclaimedErrors } from '../api/problem.ts';

type Props = {
  error: unknown;
  /** Field paths the form shows beside their fields; other field errors are listed here. */
  shownPaths?: string[];
};

/** A server error in words, next to what caused it: detail, unclaimed field errors, what uses a thing. */
export function ErrorAlert({ error, shownPaths = [] }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const title = problem?.code === 'network_error' ? t('errors.network') : (problem?.title ?? t('errors.title'));
  const detail = problem ? problem.detail : error instanceof Error ? error.message : String(error);
  const unclaimed = unclaimedErrors(problemFieldErrors(error), shownPaths);
  const usages = problem?.usages ?? [];
  // When every field error sits beside its field, the detail (their concatenation) would only repeat them.
  const allClaimed = (problem?.errors?.length ?? 0) > 0 && unclaimed.length === 0;
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle aria-hidden />}
      title={title}
      role="alert"
      data-problem-code={problem?.code}
    >
      {allClaimed ? <Text size="sm">{t('errors.checkFields')}</Text> : detail && <Text size="sm">{detail}</Text>}
      {problem?.code === 'quota_exceeded' && (
        <Text size="sm" mt={4}>
          {t('errors.quotaHint')}
        </Text>
      )}
      {unclaimed.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('errors.fieldProblems')}
          </Text>
          <List size="sm">
            {unclaimed.map((e) => (
              <List.Item key={e.path}>
                <code>{e.path || '—'}</code>: {e.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {usages.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('errors.usedBy')}
          </Text>
          <List size="sm" aria-label={t('errors.usedBy')}>
            {usages.map((u) => (
              <List.Item key={`${u.type}:${u.id}:${u.field}`}>
                {t('errors.usage', {
                  type: t(`destination.${u.type}`, { defaultValue: u.type }),
                  name: u.name,
                  field: u.field,
                })}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
