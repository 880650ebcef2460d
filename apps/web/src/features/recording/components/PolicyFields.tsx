import { NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RecordingMode, type Prompt } from '@vaxel/domain';
import { fieldError, scopeErrors, type FieldErrors } from '../../../shared/api/problem.ts';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';

export type PolicyDraft = { mode: RecordingMode; announcement: Prompt | null; retentionDays: number };

/** Mode (off / always / on demand), the announcement callers hear, and how long recordings are kept. */
export function PolicyFields({
  value,
  onChange,
  errors,
  label,
}: {
  value: PolicyDraft;
  onChange: (v: PolicyDraft) => void;
  errors: FieldErrors;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('recording.mode')}
        </Text>
        <SegmentedControl
          aria-label={`${label}: ${t('recording.mode')}`}
          value={value.mode}
          onChange={(m) => onChange({ ...value, mode: m as RecordingMode })}
          data={RecordingMode.options.map((m) => ({ value: m, label: t(`recording.modes.${m}`) }))}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
      <PromptEditor
        label={`${label}: ${t('recording.announcement')}`}
        value={value.announcement}
        onChange={(announcement) => onChange({ ...value, announcement })}
        errors={scopeErrors(errors, 'announcement')}
      />
      <NumberInput
        label={`${label}: ${t('recording.retention')}`}
        min={1}
        max={3650}
        value={value.retentionDays}
        onChange={(v) => onChange({ ...value, retentionDays: Number(v) })}
        error={fieldError(errors, 'retentionDays')}
        w={260}
      />
    </Stack>
  );
}
