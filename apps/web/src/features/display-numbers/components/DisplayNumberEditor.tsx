import { Divider, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DisplayNumber } from '@vaxel/domain';
import { useResponseGroupList } from '../../../shared/api/lookups.ts';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useDeleteDisplayNumber } from '../api/deleteDisplayNumber.ts';
import { useUpdateDisplayNumber } from '../api/updateDisplayNumber.ts';
import { GranteesFields } from './GranteesFields.tsx';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

export function DisplayNumberEditor({ displayNumber: d }: { displayNumber: DisplayNumber }) {
  const { t } = useTranslation();
  const groups = useResponseGroupList().data ?? [];
  const group = groups.find((g) => g.id === d.responseGroupId);
  const update = useUpdateDisplayNumber(d.id);
  const remove = useDeleteDisplayNumber();
  const saved = {
    userIds: d.userIds,
    teamIds: d.teamIds,
    grantToGroupAgents: d.grantToGroupAgents,
    grantToGroupSupervisors: d.grantToGroupSupervisors,
  };
  const form = useDraft(saved, (draft) =>
    update.mutateAsync(d.responseGroupId ? draft : { userIds: draft.userIds, teamIds: draft.teamIds }),
  );
  return (
    <Stack gap="sm">
      <GranteesFields
        userIds={form.draft.userIds}
        teamIds={form.draft.teamIds}
        onChange={(g) => form.setDraft({ ...form.draft, ...g })}
        errors={form.errors}
        labelSuffix={` (${d.number})`}
      />
      {d.responseGroupId && (
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('display.groupNumber', { name: group?.name ?? d.responseGroupId })}
          </Text>
          <Switch
            label={t('display.grantAgents')}
            checked={form.draft.grantToGroupAgents}
            onChange={(e) => form.setDraft({ ...form.draft, grantToGroupAgents: e.currentTarget.checked })}
          />
          <Switch
            label={t('display.grantSupervisors')}
            checked={form.draft.grantToGroupSupervisors}
            onChange={(e) => form.setDraft({ ...form.draft, grantToGroupSupervisors: e.currentTarget.checked })}
          />
        </Stack>
      )}
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={['userIds', 'teamIds']}
        dirty={form.dirty}
        onReset={form.reset}
      />
      <Divider />
      <Text size="xs" c="dimmed">
        {t('display.deleteHelp')}
      </Text>
      {d.responseGroupId && (
        <Text size="xs" c="dimmed">
          {t('display.groupNumberRefused')}
        </Text>
      )}
      <DeleteSection
        id={d.id}
        name={d.number}
        remove={remove}
        label={t('display.deleteNumber')}
        confirmLabel={t('common.yes')}
      />
    </Stack>
  );
}
