import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RecordingListing } from '@vaxel/domain';
import { orgUrl } from '../../../shared/api/client.ts';
import { ConfirmButton } from '../../../shared/components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { formatDateTime, formatDuration } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useDeleteRecording } from '../api/deleteRecording.ts';
import { useRecordings } from '../api/getRecordings.ts';

/** R57: the recordings the person may hear, with their calls (from, to, when, length): played, downloaded, deleted by admins. */
export function RecordingsList() {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const recordings = useRecordings();
  const remove = useDeleteRecording();
  const admin = org.permissions.includes('phone_system');
  const all = recordings.data?.pages.flatMap((p) => p.recordings) ?? [];
  const when = (r: RecordingListing) => formatDateTime(r.call?.startedAt ?? r.createdAt, org.timeZone, i18n.language);
  const caller = (r: RecordingListing) =>
    r.call ? `${r.call.fromName ? `${r.call.fromName} ` : ''}${r.call.fromNumber}` : t('recording.callGone');
  return (
    <Stack gap="sm" component="section" aria-label={t('recording.recordings')}>
      <Title order={2} size="h4">
        {t('recording.recordings')}
      </Title>
      {!admin && (
        <Text size="sm" c="dimmed">
          {t('recording.yoursOnly')}
        </Text>
      )}
      <ErrorAlert error={recordings.error ?? remove.error} />
      {!recordings.isPending && all.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('recording.noRecordings')}
        </Text>
      )}
      {all.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label={t('recording.recordings')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recording.when')}</Table.Th>
                <Table.Th>{t('calls.from')}</Table.Th>
                <Table.Th>{t('calls.to')}</Table.Th>
                <Table.Th>{t('recording.duration')}</Table.Th>
                <Table.Th>{t('recording.expires')}</Table.Th>
                <Table.Th>{t('common.play')}</Table.Th>
                <Table.Th>{t('common.download')}</Table.Th>
                {admin && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((r) => {
                const src = orgUrl(org.organisationId, `/recordings/${r.id}/content`);
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td>{when(r)}</Table.Td>
                    <Table.Td>{caller(r)}</Table.Td>
                    <Table.Td>{r.call?.toNumber ?? '—'}</Table.Td>
                    <Table.Td>{formatDuration(r.durationMs / 1000)}</Table.Td>
                    <Table.Td>{formatDateTime(r.expiresAt, org.timeZone, i18n.language)}</Table.Td>
                    <Table.Td>
                      <audio
                        controls
                        preload="metadata"
                        src={src}
                        aria-label={t('recording.playOf', { when: when(r), from: caller(r) })}
                        style={{ height: 32 }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={src}
                        download={`recording-${r.id}.wav`}
                        aria-label={t('recording.downloadOf', { when: when(r), from: caller(r) })}
                      >
                        {t('common.download')}
                      </Anchor>
                    </Table.Td>
                    {admin && (
                      <Table.Td>
                        <ConfirmButton
                          size="xs"
                          color="red"
                          variant="subtle"
                          leftSection={<IconTrash size={14} aria-hidden />}
                          aria-label={t('recording.deleteOf', { when: when(r), from: caller(r) })}
                          message={t('recording.deleteConfirm', { when: when(r), from: caller(r) })}
                          confirmLabel={t('common.delete')}
                          onConfirm={() => remove.mutate(r.id, { onSuccess: () => notify(t('common.deleted')) })}
                        >
                          {t('common.delete')}
                        </ConfirmButton>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {recordings.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={recordings.isFetchingNextPage}
            onClick={() => void recordings.fetchNextPage()}
          >
            {t('calls.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
