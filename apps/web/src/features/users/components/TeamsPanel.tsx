import { Accordion, Button, Group, MultiSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '@vaxel/domain';
import { useTeams, useUsers } from '../../../shared/api/lookups.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDeleteTeam } from '../api/deleteTeam.ts';
import { useSaveTeam } from '../api/saveTeam.ts';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

/** Teams, used to grant display numbers (R50) to many users at once. */
export function TeamsPanel() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="sm" component="section" aria-label={t('users.teams')}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('users.teams')}
        </Title>
        {!creating && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
            {t('users.addTeam')}
          </Button>
        )}
      </Group>
      {creating && (
        <Paper withBorder p="md">
          <TeamForm onDone={() => setCreating(false)} />
        </Paper>
      )}
      <QueryState query={teams}>
        {(list) => (
          <Accordion variant="separated">
            {list.map((team) => (
              <Accordion.Item key={team.id} value={team.id}>
                <Accordion.Control>
                  <Group gap="xs">
                    <Text fw={600}>{team.name}</Text>
                    <Text size="xs" c="dimmed">
                      {t('users.members', { count: team.memberIds.length })}
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <TeamForm team={team} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </QueryState>
    </Stack>
  );
}

function TeamForm({ team, onDone }: { team?: Team; onDone?: () => void }) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState(team?.memberIds ?? []);
  const save = useSaveTeam(team?.id);
  const remove = useDeleteTeam();
  const errors = problemFieldErrors(save.error);
  const suffix = team ? ` (${team.name})` : '';
  return (
    <Stack gap="sm">
      <TextInput
        label={`${t('common.name')}${suffix}`}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors['name']}
      />
      <MultiSelect
        label={`${t('users.teamMembers')}${suffix}`}
        data={users.map((u) => ({ value: u.id, label: u.name }))}
        value={memberIds}
        onChange={setMemberIds}
        searchable
        error={errors['memberIds']}
      />
      <SaveBar
        onSave={() => save.mutate({ name: name.trim(), memberIds }, { onSuccess: () => onDone?.() })}
        saving={save.isPending}
        error={save.error}
        shownPaths={['name', 'memberIds']}
      />
      {team && (
        <>
          <DeleteSection id={team.id} name={team.name} remove={remove} label={t('users.deleteTeam')} />
        </>
      )}
    </Stack>
  );
}
