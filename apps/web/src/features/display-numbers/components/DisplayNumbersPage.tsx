import { Accordion, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResponseGroupList } from '../../../shared/api/lookups.ts';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useDisplayNumbers } from '../api/getDisplayNumbers.ts';
import { DisplayNumberCreateForm } from './DisplayNumberCreateForm.tsx';
import { DisplayNumberEditor } from './DisplayNumberEditor.tsx';

/** Visningsnummer (R50–R55). */
export function DisplayNumbersPage() {
  const { t } = useTranslation();
  const list = useDisplayNumbers();
  const groups = useResponseGroupList().data ?? [];
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
        {t('display.title')}
      </PageTitle>
      {creating && <DisplayNumberCreateForm onDone={() => setCreating(false)} />}
      <QueryState query={list}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('common.empty')}</Text>
          ) : (
            <Accordion value={open} onChange={setOpen} variant="separated">
              {items.map((d) => (
                <Accordion.Item key={d.id} value={d.id} data-testid={`display-${d.number}`}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" pr="sm">
                      <Text fw={600}>{d.number}</Text>
                      <Group gap="xs">
                        {d.responseGroupId && (
                          <Badge variant="light">
                            {groups.find((g) => g.id === d.responseGroupId)?.name ?? t('groups.title')}
                          </Badge>
                        )}
                        <Text size="xs" c="dimmed">
                          {t('display.usersCount', { count: d.userIds.length })} ·{' '}
                          {t('display.teamsCount', { count: d.teamIds.length })}
                        </Text>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>{open === d.id && <DisplayNumberEditor displayNumber={d} />}</Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
    </Stack>
  );
}
