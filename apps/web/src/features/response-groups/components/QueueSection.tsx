import { Fieldset, NumberInput, Select, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueueKey, type QueueCallbackSettings, type QueueSettings } from '@vaxel/domain';
import { useAudioFileList } from '../../../shared/api/lookups.ts';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import type { SectionProps } from './settingsSection.ts';

/** Where a caller can be sent when the queue will not hold them (R14). */
const queueExits = [
  'voicemail',
  'user',
  'responseGroup',
  'ivrMenu',
  'externalNumber',
  'playMessage',
  'hangup',
] as const;

/** A number field's value as the draft keeps it: an emptied field stays NaN, so the server names the field. */
const numberOf = (v: string | number) => (v === '' ? Number.NaN : Number(v));

/**
 * The console's own checks, shown beside the fields before anything is sent: one key cannot both
 * leave to voicemail and ask for a callback. The server checks ranges and destinations.
 */
export function queueProblems(draft: QueueSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.callback.enabled && draft.voicemailKey !== null && draft.voicemailKey === draft.callback.key)
    problems['callback.key'] = 'groups.keysClash';
  return problems;
}

/** R14 Queued calls: limits and where they send callers, music, announcements, the caller's keys, callback, the service-level target. */
export function QueueSection({ value, save, errorPath, labelPrefix }: SectionProps<QueueSettings>) {
  const { t } = useTranslation();
  const files = useAudioFileList().data ?? [];
  const { draft, setDraft, errors: all, mutation, dirty, reset } = useDraft(value, (queue) => save({ queue }));
  const errors = scopeErrors(all, errorPath);
  const set = <K extends keyof QueueSettings>(k: K, v: QueueSettings[K]) => setDraft({ ...draft, [k]: v });
  const setCallback = <K extends keyof QueueCallbackSettings>(k: K, v: QueueCallbackSettings[K]) =>
    setDraft({ ...draft, callback: { ...draft.callback, [k]: v } });
  const l = (s: string) => `${labelPrefix}${s}`;
  const local = queueProblems(draft);
  const errorOf = (path: string) => (local[path] ? t(local[path]) : fieldError(errors, path));
  const keys = QueueKey.options.map((key) => ({ value: key, label: key }));
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={l(t('groups.maxWait'))}
          min={10}
          max={3600}
          value={draft.maxWaitSeconds}
          onChange={(v) => set('maxWaitSeconds', numberOf(v))}
          error={fieldError(errors, 'maxWaitSeconds')}
        />
        <NumberInput
          label={l(t('groups.maxQueue'))}
          min={1}
          max={500}
          value={draft.maxQueueLength}
          onChange={(v) => set('maxQueueLength', numberOf(v))}
          error={fieldError(errors, 'maxQueueLength')}
        />
      </SimpleGrid>
      <DestinationPicker
        label={l(t('groups.limitReached'))}
        value={draft.limitReachedDestination}
        onChange={(d) => set('limitReachedDestination', d)}
        allowed={[...queueExits]}
        errors={scopeErrors(errors, 'limitReachedDestination')}
      />
      <DestinationPicker
        label={l(t('groups.queueFull'))}
        value={draft.queueFullDestination}
        onChange={(d) => set('queueFullDestination', d)}
        allowed={[...queueExits]}
        errors={scopeErrors(errors, 'queueFullDestination')}
      />
      <Select
        label={l(t('groups.whenNoAgents'))}
        data={[
          { value: 'wait', label: t('groups.noAgents.wait') },
          { value: 'refuse', label: t('groups.noAgents.refuse') },
        ]}
        value={draft.whenNoAgents}
        onChange={(v) => v && set('whenNoAgents', v as QueueSettings['whenNoAgents'])}
        allowDeselect={false}
        error={fieldError(errors, 'whenNoAgents')}
      />
      {draft.whenNoAgents === 'refuse' && (
        <DestinationPicker
          label={l(t('groups.noAgentsDestination'))}
          value={draft.noAgentsDestination}
          onChange={(d) => set('noAgentsDestination', d)}
          allowed={[...queueExits]}
          errors={scopeErrors(errors, 'noAgentsDestination')}
        />
      )}
      <Select
        label={l(t('groups.musicOnHold'))}
        data={[{ value: '', label: t('groups.defaultMusic') }, ...files.map((f) => ({ value: f.id, label: f.name }))]}
        value={draft.musicOnHoldAudioFileId ?? ''}
        onChange={(v) => set('musicOnHoldAudioFileId', v ? v : null)}
        allowDeselect={false}
        error={fieldError(errors, 'musicOnHoldAudioFileId')}
      />
      <Switch
        label={l(t('groups.announcePosition'))}
        checked={draft.announcePosition}
        onChange={(e) => set('announcePosition', e.currentTarget.checked)}
      />
      <Switch
        label={l(t('groups.announceWait'))}
        checked={draft.announceExpectedWait}
        onChange={(e) => set('announceExpectedWait', e.currentTarget.checked)}
      />
      <NumberInput
        label={l(t('groups.announceInterval'))}
        min={15}
        max={600}
        value={draft.announcementIntervalSeconds}
        onChange={(v) => set('announcementIntervalSeconds', numberOf(v))}
        error={fieldError(errors, 'announcementIntervalSeconds')}
      />
      <Select
        label={l(t('groups.voicemailKey'))}
        description={t('groups.voicemailKeyHelp')}
        data={[{ value: '', label: t('groups.noKey') }, ...keys]}
        value={draft.voicemailKey ?? ''}
        onChange={(v) => set('voicemailKey', v ? (v as QueueSettings['voicemailKey']) : null)}
        allowDeselect={false}
        error={fieldError(errors, 'voicemailKey')}
      />
      <Fieldset legend={l(t('groups.callback.title'))} variant="unstyled">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('groups.callback.help')}
          </Text>
          <Switch
            label={l(t('groups.callback.enabled'))}
            checked={draft.callback.enabled}
            onChange={(e) => setCallback('enabled', e.currentTarget.checked)}
          />
          {draft.callback.enabled && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={l(t('groups.callback.key'))}
                data={keys}
                value={draft.callback.key}
                onChange={(v) => v && setCallback('key', v as QueueCallbackSettings['key'])}
                allowDeselect={false}
                error={errorOf('callback.key')}
              />
              <NumberInput
                label={l(t('groups.callback.offerAfter'))}
                min={0}
                max={3600}
                value={draft.callback.offerAfterSeconds}
                onChange={(v) => setCallback('offerAfterSeconds', numberOf(v))}
                error={fieldError(errors, 'callback.offerAfterSeconds')}
              />
              <NumberInput
                label={l(t('groups.callback.retries'))}
                min={0}
                max={5}
                value={draft.callback.retries}
                onChange={(v) => setCallback('retries', numberOf(v))}
                error={fieldError(errors, 'callback.retries')}
              />
              <NumberInput
                label={l(t('groups.callback.retryInterval'))}
                min={30}
                max={3600}
                value={draft.callback.retryIntervalSeconds}
                onChange={(v) => setCallback('retryIntervalSeconds', numberOf(v))}
                error={fieldError(errors, 'callback.retryIntervalSeconds')}
              />
            </SimpleGrid>
          )}
        </Stack>
      </Fieldset>
      <NumberInput
        label={l(t('groups.serviceLevel'))}
        description={t('groups.serviceLevelHelp')}
        min={5}
        max={600}
        value={draft.serviceLevelSeconds}
        onChange={(v) => set('serviceLevelSeconds', numberOf(v))}
        error={fieldError(errors, 'serviceLevelSeconds')}
      />
      <SaveBar
        onSave={() => Object.keys(local).length === 0 && mutation.mutate()}
        saving={mutation.isPending}
        error={mutation.error}
        shownPaths={[errorPath]}
        dirty={dirty}
        onReset={reset}
      />
    </Stack>
  );
}
