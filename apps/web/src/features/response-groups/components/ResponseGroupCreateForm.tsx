import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useCreateResponseGroup } from '../api/createResponseGroup.ts';
import { GroupDetailsFields, groupDetailPaths, type GroupDetails } from './GroupDetailsFields.tsx';

const empty: GroupDetails = { name: '', number: '', billingNumber: '', numericId: '', agentIds: [], supervisorIds: [] };

/** ADD: the article's eight steps; the defaults for new groups become the group's settings. */
export function ResponseGroupCreateForm({ onDone }: { onDone: (groupId?: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<GroupDetails>(empty);
  const create = useCreateResponseGroup();
  const errors = problemFieldErrors(create.error);

  function submit() {
    create.mutate(
      {
        name: value.name.trim(),
        number: value.number,
        ...(value.billingNumber ? { billingNumber: value.billingNumber } : {}),
        numericId: value.numericId,
        agentIds: value.agentIds,
        supervisorIds: value.supervisorIds,
      },
      {
        onSuccess: (group) => {
          notify(`${t('common.created')}: ${group.name}`);
          onDone(group.id);
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="create-group-title">
      <Stack>
        <Title order={2} size="h4" id="create-group-title">
          {t('groups.createTitle')}
        </Title>
        <GroupDetailsFields value={value} onChange={setValue} errors={errors} />
        <ErrorAlert error={create.error} shownPaths={groupDetailPaths} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
