import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { orgUrl } from '../../../shared/api/client.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { formatDateTime, formatDuration } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useRecordings } from '../api/getRecordings.ts';

/** R57: recordings listed, played and downloaded. */
export function RecordingsList() {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const recordings = useRecordings();
  const all = recordings.data?.pages.flatMap((p) => p.recordings) ?? [];
  return (
    <Stack gap="sm" component="section" aria-label={t('recording.recordings')}>
      <Title order={2} size="h4">{t('recording.recordings')}</Title>
      <ErrorAlert error={recordings.error} />
      {!recordings.isPending && all.length === 0 && <Text c="dimmed" size="sm">{t('recording.noRecordings')}</Text>}
      {all.length > 0 && (
        <Table striped aria-label={t('recording.recordings')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recording.created')}</Table.Th>
              <Table.Th>{t('recording.duration')}</Table.Th>
              <Table.Th>{t('recording.expires')}</Table.Th>
              <Table.Th>{t('common.play')}</Table.Th>
              <Table.Th>{t('common.download')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {all.map((r) => {
              const src = orgUrl(org.organisationId, `/recordings/${r.id}/content`);
              const when = formatDateTime(r.createdAt, org.timeZone, i18n.language);
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{when}</Table.Td>
                  <Table.Td>{formatDuration(r.durationMs / 1000)}</Table.Td>
                  <Table.Td>{formatDateTime(r.expiresAt, org.timeZone, i18n.language)}</Table.Td>
                  <Table.Td><audio controls preload="none" src={src} aria-label={`${t('common.play')} ${when}`} style={{ height: 32 }} /></Table.Td>
                  <Table.Td><Anchor href={src} download={`recording-${r.id}.wav`}>{t('common.download')}</Anchor></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {recordings.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={recordings.isFetchingNextPage} onClick={() => void recordings.fetchNextPage()}>{t('calls.loadMore')}</Button>
        </Group>
      )}
    </Stack>
  );
}
