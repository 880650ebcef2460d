import { Anchor, Divider, Group, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';
import { useTranslation } from 'react-i18next';
import type { ResponseGroup } from '@vaxel/domain';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useDeleteResponseGroup } from '../api/deleteResponseGroup.ts';
import { useUpdateResponseGroup } from '../api/updateResponseGroup.ts';
import { AgentsList } from './AgentsList.tsx';
import { GroupDetailsFields, groupDetailPaths, type GroupDetails } from './GroupDetailsFields.tsx';
import { GroupSettingsSections } from './GroupSettingsSections.tsx';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

/** R18: a group expanded for editing: details, agents (login, where they are rung), the four settings sections, delete. */
export function ResponseGroupEditor({ group }: { group: ResponseGroup }) {
  const { t } = useTranslation();
  const orgId = useOrgId();
  const update = useUpdateResponseGroup(group.id);
  const remove = useDeleteResponseGroup();
  const saved: GroupDetails = {
    name: group.name,
    number: group.number,
    billingNumber: group.billingNumber,
    numericId: group.numericId,
    agentIds: group.agents.map((a) => a.userId),
    supervisorIds: group.supervisorIds,
  };
  const details = useDraft(saved, (d) => update.mutateAsync({ ...d, name: d.name.trim() }));

  return (
    <Stack gap="md">
      <Title order={3} size="h5">
        {t('groups.details')}
      </Title>
      <GroupDetailsFields
        value={details.draft}
        onChange={details.setDraft}
        errors={details.errors}
        groupId={group.id}
      />
      <SaveBar
        onSave={() => details.mutation.mutate()}
        saving={details.mutation.isPending}
        error={details.mutation.error}
        shownPaths={groupDetailPaths}
        dirty={details.dirty}
        onReset={details.reset}
      />
      <AgentsList group={group} />
      <Divider />
      <Title order={3} size="h5">
        {t('groups.settings')}
      </Title>
      <GroupSettingsSections
        settings={group.settings}
        errorPrefix="settings"
        save={(settings) => update.mutateAsync({ settings })}
      />
      <Group gap="lg">
        <Anchor component={Link} to={`/o/${orgId}/calls?responseGroupId=${encodeURIComponent(group.id)}`} size="sm">
          {t('groups.statistics', { name: group.name })}
        </Anchor>
        {/* R19: the group's live queue and agents, for the admin as for its supervisors. */}
        <Anchor component={Link} to={`/o/${orgId}/wallboard/${encodeURIComponent(group.id)}`} size="sm">
          {t('groups.wallboard')}
        </Anchor>
      </Group>
      <Divider />
      <DeleteSection id={group.id} name={group.name} remove={remove} label={t('groups.deleteGroup')} />
    </Stack>
  );
}
