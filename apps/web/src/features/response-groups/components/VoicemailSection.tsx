import { MultiSelect, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GroupVoicemailSettings } from '@vaxel/domain';
import { useUsers } from '../../../shared/api/lookups.ts';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import type { SectionProps } from './settingsSection.ts';

/** R17 Voicemail. */
export function VoicemailSection({ value, save, errorPath, labelPrefix }: SectionProps<GroupVoicemailSettings>) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const { draft, setDraft, errors: all, mutation, dirty, reset } = useDraft(value, (voicemail) => save({ voicemail }));
  const errors = scopeErrors(all, errorPath);
  const l = (s: string) => `${labelPrefix}${s}`;
  return (
    <Stack gap="sm">
      <Switch
        label={l(t('groups.voicemailEnabled'))}
        checked={draft.enabled}
        onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
      />
      <PromptEditor
        label={l(t('groups.greeting'))}
        value={draft.greeting}
        onChange={(greeting) => setDraft({ ...draft, greeting })}
        errors={scopeErrors(errors, 'greeting')}
      />
      <MultiSelect
        label={l(t('groups.notify'))}
        data={users.map((u) => ({ value: u.id, label: u.name }))}
        value={draft.notifyUserIds}
        onChange={(notifyUserIds) => setDraft({ ...draft, notifyUserIds })}
        searchable
        error={fieldError(errors, 'notifyUserIds')}
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
