import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallRoutingDefaultsUpdate } from '@vaxel/domain';
import { fieldError } from '../../../shared/api/problem.ts';
import { PhoneNumberInput } from '../../../shared/components/PhoneNumberInput.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';

type Props = { value: string | null; save: (patch: CallRoutingDefaultsUpdate) => Promise<unknown> };

/** R76: the number or extension anyone calls to listen to a box with its extension and PIN. */
export function VoicemailAccessSection({ value, save }: Props) {
  const { t } = useTranslation();
  const form = useDraft(value ?? '', (access) =>
    save({ voicemailAccess: access.trim() === '' ? null : access.trim() }),
  );
  return (
    <Paper withBorder p="md" component="section" aria-label={t('voicemail.access')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('voicemail.access')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('voicemail.accessHelp')}
        </Text>
        <PhoneNumberInput
          label={t('voicemail.accessLabel')}
          value={form.draft}
          onChange={form.setDraft}
          extensions
          error={fieldError(form.errors, 'voicemailAccess')}
          w={320}
        />
        <SaveBar
          onSave={() => form.mutation.mutate()}
          saving={form.mutation.isPending}
          error={form.mutation.error}
          shownPaths={['voicemailAccess']}
          dirty={form.dirty}
          onReset={form.reset}
        />
      </Stack>
    </Paper>
  );
}
