import { Accordion, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import type { RecordingPolicy, RecordingScope } from '@vaxel/domain';
import { useResponseGroupList, useUsers } from '../../../shared/api/lookups.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useCreateRecordingPolicy } from '../api/createRecordingPolicy.ts';
import { useDeleteRecordingPolicy } from '../api/deleteRecordingPolicy.ts';
import { useRecordingPolicies } from '../api/getRecordingPolicies.ts';
import { useUpdateRecordingPolicy } from '../api/updateRecordingPolicy.ts';
import { PolicyFields, type PolicyDraft } from './PolicyFields.tsx';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

function useScopeName() {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const groups = useResponseGroupList().data ?? [];
  return (scope: RecordingScope) =>
    scope.type === 'organisation'
      ? t('recording.organisation')
      : scope.type === 'responseGroup'
        ? `${t('destination.responseGroup')}: ${groups.find((g) => g.id === scope.responseGroupId)?.name ?? scope.responseGroupId}`
        : `${t('destination.user')}: ${users.find((u) => u.id === scope.userId)?.name ?? scope.userId}`;
}

/** R56: recording policies per organisation, group and user. */
export function RecordingPoliciesPanel() {
  const { t } = useTranslation();
  const policies = useRecordingPolicies();
  const scopeName = useScopeName();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="sm" component="section" aria-label={t('recording.policies')}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('recording.policies')}
        </Title>
        {!creating && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
            {t('recording.addPolicy')}
          </Button>
        )}
      </Group>
      {creating && <PolicyCreateForm existing={policies.data ?? []} onDone={() => setCreating(false)} />}
      <QueryState query={policies}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('common.empty')}
            </Text>
          ) : (
            <Accordion variant="separated">
              {list.map((p) => (
                <Accordion.Item key={p.id} value={p.id}>
                  <Accordion.Control>
                    <Group gap="xs">
                      <Text fw={600}>{scopeName(p.scope)}</Text>
                      <Badge variant="light">{t(`recording.modes.${p.mode}`)}</Badge>
                      <Text size="xs" c="dimmed">
                        {p.retentionDays} d
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <PolicyEditor policy={p} label={scopeName(p.scope)} />
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
    </Stack>
  );
}

function PolicyEditor({ policy, label }: { policy: RecordingPolicy; label: string }) {
  const { t } = useTranslation();
  const update = useUpdateRecordingPolicy(policy.id);
  const remove = useDeleteRecordingPolicy();
  const form = useDraft<PolicyDraft>(
    { mode: policy.mode, announcement: policy.announcement, retentionDays: policy.retentionDays },
    (d) => update.mutateAsync(d),
  );
  return (
    <Stack gap="sm">
      <PolicyFields value={form.draft} onChange={form.setDraft} errors={form.errors} label={label} />
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={['mode', 'announcement', 'retentionDays']}
        dirty={form.dirty}
        onReset={form.reset}
      />
      <DeleteSection id={policy.id} name={label} remove={remove} label={t('common.delete')} />
    </Stack>
  );
}

function PolicyCreateForm({ existing, onDone }: { existing: RecordingPolicy[]; onDone: () => void }) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const groups = useResponseGroupList().data ?? [];
  const create = useCreateRecordingPolicy();
  const taken = new Set(
    existing.map((p) =>
      p.scope.type === 'organisation'
        ? 'organisation'
        : p.scope.type === 'user'
          ? `user:${p.scope.userId}`
          : `responseGroup:${p.scope.responseGroupId}`,
    ),
  );
  const scopes = [
    { value: 'organisation', label: t('recording.organisation') },
    ...groups.map((g) => ({ value: `responseGroup:${g.id}`, label: `${t('destination.responseGroup')}: ${g.name}` })),
    ...users.map((u) => ({ value: `user:${u.id}`, label: `${t('destination.user')}: ${u.name}` })),
  ].filter((s) => !taken.has(s.value));
  const [scope, setScope] = useState<string | null>(scopes[0]?.value ?? null);
  const [draft, setDraft] = useState<PolicyDraft>({ mode: 'always', announcement: null, retentionDays: 90 });
  const errors = problemFieldErrors(create.error);
  function toScope(v: string): RecordingScope {
    const [kind, id = ''] = v.split(':');
    if (kind === 'user') return { type: 'user', userId: id };
    if (kind === 'responseGroup') return { type: 'responseGroup', responseGroupId: id };
    return { type: 'organisation' };
  }
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Select
          label={t('recording.scope')}
          data={scopes}
          value={scope}
          onChange={setScope}
          allowDeselect={false}
          searchable
          error={errors['scope']}
          w={360}
        />
        <PolicyFields value={draft} onChange={setDraft} errors={errors} label={t('recording.addPolicy')} />
        <ErrorAlert error={create.error} shownPaths={['scope', 'mode', 'announcement', 'retentionDays']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={create.isPending}
            disabled={!scope}
            onClick={() =>
              scope &&
              create.mutate(
                { scope: toScope(scope), ...draft },
                {
                  onSuccess: () => {
                    notify(t('common.created'));
                    onDone();
                  },
                },
              )
            }
          >
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
