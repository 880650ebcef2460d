import { Paper, Select, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallRoutingDefaultsUpdate, UnassignedNumberRule } from '@vaxel/domain';
import { scopeErrors } from '../../../shared/api/problem.ts';
import { DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

type Props = { value: UnassignedNumberRule; save: (patch: CallRoutingDefaultsUpdate) => Promise<unknown> };

/** R35: calls to the organisation's numbers that are assigned to nothing. */
export function UnassignedNumbersSection({ value, save }: Props) {
  const { t } = useTranslation();
  const org = useOrg();
  const form = useDraft(value, (unassignedNumbers) => save({ unassignedNumbers }));
  const rule = form.draft;
  const errors = scopeErrors(form.errors, 'unassignedNumbers');
  function setAction(action: string | null) {
    if (action === 'reject') form.setDraft({ action: 'reject' });
    if (action === 'playMessage')
      form.setDraft({
        action: 'playMessage',
        prompt: { type: 'tts', text: '', language: org.language === 'en' ? 'en-GB' : 'sv-SE' },
      });
    if (action === 'route') form.setDraft({ action: 'route', destination: { type: 'hangup' } });
  }
  return (
    <Paper withBorder p="md" component="section" aria-label={t('routing.unassigned')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('routing.unassigned')}
        </Title>
        <Select
          label={t('routing.unassignedAction')}
          data={[
            { value: 'reject', label: t('routing.reject') },
            { value: 'playMessage', label: t('routing.playMessageAction') },
            { value: 'route', label: t('routing.route') },
          ]}
          value={rule.action}
          onChange={setAction}
          allowDeselect={false}
          w={320}
        />
        {rule.action === 'playMessage' && (
          <PromptEditor
            label={t('routing.playMessageAction')}
            value={rule.prompt}
            nullable={false}
            onChange={(p) => p && form.setDraft({ action: 'playMessage', prompt: p })}
            errors={scopeErrors(errors, 'prompt')}
          />
        )}
        {rule.action === 'route' && (
          <DestinationPicker
            label={t('routing.route')}
            value={rule.destination}
            onChange={(destination) => form.setDraft({ action: 'route', destination })}
            requireVoicemailOwner
            errors={scopeErrors(errors, 'destination')}
          />
        )}
        <SaveBar
          onSave={() => form.mutation.mutate()}
          saving={form.mutation.isPending}
          error={form.mutation.error}
          shownPaths={['unassignedNumbers']}
          dirty={form.dirty}
          onReset={form.reset}
        />
      </Stack>
    </Paper>
  );
}
