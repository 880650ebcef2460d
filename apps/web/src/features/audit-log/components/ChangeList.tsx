import { Button, Code, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditChange } from '@vaxel/domain';

/** What the API puts where a secret was: the console says that one was set, never more. */
const redacted = '[redacted]';
const shownAtFirst = 4;
const longest = 120;

export function useFormatValue() {
  const { t } = useTranslation();
  return (value: unknown): string => {
    if (value === null || value === '') return t('audit.noValue');
    if (value === redacted) return t('audit.secret');
    if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    const json = JSON.stringify(value).replaceAll(`"${redacted}"`, `"${t('audit.secret')}"`);
    return json.length > longest ? `${json.slice(0, longest - 1)}…` : json;
  };
}

/** One line per field: `name  Sales → Support`; a create shows the value, a delete what was removed. */
export function ChangeList({ changes }: { changes: AuditChange[] }) {
  const { t } = useTranslation();
  const format = useFormatValue();
  const [all, setAll] = useState(false);
  const shown = all ? changes : changes.slice(0, shownAtFirst);
  return (
    <Stack gap={2}>
      {shown.map((change) => {
        const hasBefore = 'before' in change;
        const hasAfter = 'after' in change;
        return (
          <Text size="xs" key={change.field} data-testid="audit-change">
            <Code>{change.field}</Code>{' '}
            {hasBefore && (
              <Text span size="xs" td={hasAfter ? 'line-through' : undefined}>
                {format(change.before)}
              </Text>
            )}
            {hasBefore && hasAfter && ' → '}
            {hasAfter && (
              <Text span size="xs" fw={600}>
                {format(change.after)}
              </Text>
            )}
            {hasBefore && !hasAfter && ` (${t('audit.removed')})`}
          </Text>
        );
      })}
      {changes.length > shownAtFirst && (
        <Button variant="subtle" size="compact-xs" onClick={() => setAll(!all)} style={{ alignSelf: 'flex-start' }}>
          {all ? t('audit.showFewer') : t('audit.showAll', { count: changes.length })}
        </Button>
      )}
    </Stack>
  );
}
