import { NumberInput, Select, SimpleGrid, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueSettings } from '@vaxel/domain';
import { useAudioFileList } from '../../../shared/api/lookups.ts';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import type { SectionProps } from './settingsSection.ts';

/** R14 Queued calls. */
export function QueueSection({ value, save, errorPath, labelPrefix }: SectionProps<QueueSettings>) {
  const { t } = useTranslation();
  const files = useAudioFileList().data ?? [];
  const { draft, setDraft, errors: all, mutation, dirty, reset } = useDraft(value, (queue) => save({ queue }));
  const errors = scopeErrors(all, errorPath);
  const set = <K extends keyof QueueSettings>(k: K, v: QueueSettings[K]) => setDraft({ ...draft, [k]: v });
  const l = (s: string) => `${labelPrefix}${s}`;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput label={l(t('groups.maxWait'))} min={10} max={3600} value={draft.maxWaitSeconds} onChange={(v) => set('maxWaitSeconds', Number(v))} error={fieldError(errors, 'maxWaitSeconds')} />
        <NumberInput label={l(t('groups.maxQueue'))} min={1} max={500} value={draft.maxQueueLength} onChange={(v) => set('maxQueueLength', Number(v))} error={fieldError(errors, 'maxQueueLength')} />
      </SimpleGrid>
      <Select
        label={l(t('groups.musicOnHold'))}
        data={[{ value: '', label: t('groups.defaultMusic') }, ...files.map((f) => ({ value: f.id, label: f.name }))]}
        value={draft.musicOnHoldAudioFileId ?? ''}
        onChange={(v) => set('musicOnHoldAudioFileId', v ? v : null)}
        allowDeselect={false}
        error={fieldError(errors, 'musicOnHoldAudioFileId')}
      />
      <Switch label={l(t('groups.announcePosition'))} checked={draft.announcePosition} onChange={(e) => set('announcePosition', e.currentTarget.checked)} />
      <Switch label={l(t('groups.announceWait'))} checked={draft.announceExpectedWait} onChange={(e) => set('announceExpectedWait', e.currentTarget.checked)} />
      <NumberInput label={l(t('groups.announceInterval'))} min={15} max={600} value={draft.announcementIntervalSeconds} onChange={(v) => set('announcementIntervalSeconds', Number(v))} error={fieldError(errors, 'announcementIntervalSeconds')} />
      <DestinationPicker
        label={l(t('groups.limitReached'))}
        value={draft.limitReachedDestination}
        onChange={(d) => set('limitReachedDestination', d)}
        allowed={['voicemail', 'user', 'responseGroup', 'ivrMenu', 'externalNumber', 'playMessage', 'hangup']}
        errors={scopeErrors(errors, 'limitReachedDestination')}
      />
      <SaveBar onSave={() => mutation.mutate()} saving={mutation.isPending} error={mutation.error} shownPaths={[errorPath]} dirty={dirty} onReset={reset} />
    </Stack>
  );
}
