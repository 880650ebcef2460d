import { Accordion, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useIvrMenus } from '../api/getIvrMenus.ts';
import { IvrMenuCreateForm } from './IvrMenuCreateForm.tsx';
import { IvrMenuEditor } from './IvrMenuEditor.tsx';

export function IvrMenusPage({ purchase }: { purchase?: ReactNode }) {
  const { t } = useTranslation();
  const menus = useIvrMenus();
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
        {t('ivr.title')}
      </PageTitle>
      {purchase}
      {creating && (
        <IvrMenuCreateForm
          onDone={(id) => {
            setCreating(false);
            if (id) setOpen(id);
          }}
        />
      )}
      <QueryState query={menus}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('common.empty')}</Text>
          ) : (
            <Accordion value={open} onChange={setOpen} variant="separated">
              {list.map((m) => (
                <Accordion.Item key={m.id} value={m.id} data-testid={`ivr-${m.name}`}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" pr="sm">
                      <Text fw={600}>{m.name}</Text>
                      <Group gap="xs">
                        <Badge variant="light">{m.number ?? t('ivr.noNumber')}</Badge>
                        <Text size="xs" c="dimmed">
                          {Object.keys(m.keys).sort().join(' ')}
                        </Text>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>{open === m.id && <IvrMenuEditor menu={m} />}</Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
    </Stack>
  );
}
