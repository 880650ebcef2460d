import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScheduleSettings } from '@vaxel/domain';
import { scopeErrors } from '../../../shared/api/problem.ts';
import { DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';
import { ScheduleEditor } from '../../../shared/components/ScheduleEditor.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import type { SectionProps } from './settingsSection.ts';

/** R15 Schedule & welcome message. */
export function ScheduleSection({ value, save, errorPath, labelPrefix }: SectionProps<ScheduleSettings>) {
  const { t } = useTranslation();
  const { draft, setDraft, errors: all, mutation, dirty, reset } = useDraft(value, (schedule) => save({ schedule }));
  const errors = scopeErrors(all, errorPath);
  const l = (s: string) => `${labelPrefix}${s}`;
  return (
    <Stack gap="md">
      <ScheduleEditor
        label={l(t('groups.openingHours'))}
        value={draft.openingHours}
        onChange={(openingHours) => setDraft({ ...draft, openingHours })}
        errors={scopeErrors(errors, 'openingHours')}
      />
      <PromptEditor
        label={l(t('groups.welcome'))}
        value={draft.welcomePrompt}
        onChange={(welcomePrompt) => setDraft({ ...draft, welcomePrompt })}
        errors={scopeErrors(errors, 'welcomePrompt')}
      />
      <PromptEditor
        label={l(t('groups.closedPrompt'))}
        value={draft.closedPrompt}
        onChange={(closedPrompt) => setDraft({ ...draft, closedPrompt })}
        errors={scopeErrors(errors, 'closedPrompt')}
      />
      <DestinationPicker
        label={l(t('groups.closedDestination'))}
        value={draft.closedDestination}
        onChange={(closedDestination) => setDraft({ ...draft, closedDestination })}
        allowed={['voicemail', 'user', 'responseGroup', 'ivrMenu', 'externalNumber', 'playMessage', 'hangup']}
        errors={scopeErrors(errors, 'closedDestination')}
      />
      <SaveBar
        onSave={() => mutation.mutate()}
        saving={mutation.isPending}
        error={mutation.error}
        shownPaths={[errorPath]}
        dirty={dirty}
        onReset={reset}
      />
    </Stack>
  );
}
