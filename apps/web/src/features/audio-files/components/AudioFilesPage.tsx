import { Accordion, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgUrl } from '../../../shared/api/client.ts';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { formatDuration } from '../../../shared/format/format.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';
import { useAudioFiles } from '../api/getAudioFiles.ts';
import { AudioCreateForm } from './AudioCreateForm.tsx';
import { AudioFileEditor } from './AudioFileEditor.tsx';
import { Waveform } from './Waveform.tsx';

/** Ljudfiler: the library, each file playable with its waveform, expandable to edit or delete (R40–R45). */
export function AudioFilesPage() {
  const { t } = useTranslation();
  const orgId = useOrgId();
  const files = useAudioFiles();
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
        {t('audio.title')}
      </PageTitle>
      {creating && <AudioCreateForm onDone={() => setCreating(false)} />}
      <QueryState query={files}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('common.empty')}</Text>
          ) : (
            <Stack gap="xs">
              {list.map((f) => (
                <Accordion
                  key={f.id}
                  value={open === f.id ? f.id : null}
                  onChange={(v) => setOpen(v)}
                  variant="separated"
                >
                  <Accordion.Item value={f.id} data-testid={`audio-${f.name}`}>
                    <Group wrap="nowrap" gap="sm" px="sm" py={6}>
                      <audio
                        controls
                        preload="none"
                        src={orgUrl(orgId, `/audio-files/${f.id}/content?v=${encodeURIComponent(f.updatedAt)}`)}
                        aria-label={t('audio.player', { name: f.name })}
                        style={{ height: 32, width: 220 }}
                      />
                      <Waveform file={f} />
                      <Stack gap={0} style={{ flex: 1 }}>
                        <Text fw={600}>{f.name}</Text>
                        <Group gap={6}>
                          <Badge size="sm" variant="light">
                            {f.language}
                          </Badge>
                          <Badge size="sm" variant="outline">
                            {t(`audio.sources.${f.source}`)}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {formatDuration(f.durationMs / 1000)}
                          </Text>
                        </Group>
                      </Stack>
                    </Group>
                    <Accordion.Control>
                      {t('common.edit')}: {f.name}
                    </Accordion.Control>
                    <Accordion.Panel>{open === f.id && <AudioFileEditor file={f} />}</Accordion.Panel>
                  </Accordion.Item>
                </Accordion>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
