import { Accordion, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useResponseGroups } from '../api/getResponseGroups.ts';
import { ResponseGroupCreateForm } from './ResponseGroupCreateForm.tsx';
import { ResponseGroupDefaultsPanel } from './ResponseGroupDefaultsPanel.tsx';
import { ResponseGroupEditor } from './ResponseGroupEditor.tsx';

/** Response groups: the list, each expandable to edit; ADD; buying more (slot); defaults for new groups. */
export function ResponseGroupsPage({ purchase }: { purchase?: ReactNode }) {
  const { t } = useTranslation();
  const groups = useResponseGroups();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap={0}>
      <PageTitle
        actions={
          !creating && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('common.add')}
            </Button>
          )
        }
      >
        {t('groups.title')}
      </PageTitle>
      {purchase}
      {creating && (
        <ResponseGroupCreateForm
          onDone={(id) => {
            setCreating(false);
            if (id) setOpen(id);
          }}
        />
      )}
      <QueryState query={groups}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('common.empty')}</Text>
          ) : (
            <Accordion value={open} onChange={setOpen} variant="separated" aria-label={t('groups.title')}>
              {list.map((g) => (
                <Accordion.Item key={g.id} value={g.id} data-testid={`group-${g.name}`}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" pr="sm">
                      <Text fw={600}>{g.name}</Text>
                      <Group gap="xs">
                        <Badge variant="light">{g.number}</Badge>
                        <Badge variant="outline">ID {g.numericId}</Badge>
                        <Text size="xs" c="dimmed" visibleFrom="sm">
                          {t('groups.agentsCount', { count: g.agents.length })} ·{' '}
                          {t('groups.supervisorsCount', { count: g.supervisorIds.length })}
                        </Text>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>{open === g.id && <ResponseGroupEditor group={g} />}</Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
      <ResponseGroupDefaultsPanel />
    </Stack>
  );
}
