import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VoicemailBox, VoicemailMessage } from '@vaxel/domain';
import { ConfirmButton } from '../../../shared/components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { formatDateTime, formatDuration } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useDeleteVoicemailMessage } from '../api/deleteVoicemailMessage.ts';
import { useVoicemailMessages, voicemailAudioUrl } from '../api/getVoicemailMessages.ts';
import { useUpdateVoicemailMessage } from '../api/updateVoicemailMessage.ts';

/** The box's messages: new ones, then saved ones, newest first in each. */
export function MessageList({ box }: { box: VoicemailBox }) {
  const { t } = useTranslation();
  const messages = useVoicemailMessages(box.id);
  return (
    <QueryState query={messages}>
      {(list) => (
        <Stack gap="lg">
          <Section title={t('voicemail.new')} empty={t('voicemail.noNew')} messages={list.filter((m) => !m.read)} />
          <Section title={t('voicemail.saved')} empty={t('voicemail.noSaved')} messages={list.filter((m) => m.read)} />
        </Stack>
      )}
    </QueryState>
  );
}

function Section({ title, empty, messages }: { title: string; empty: string; messages: VoicemailMessage[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {messages.length === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('voicemail.from')}</Table.Th>
              <Table.Th>{t('voicemail.received')}</Table.Th>
              <Table.Th>{t('voicemail.length')}</Table.Th>
              <Table.Th>{t('common.play')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {messages.map((m) => (
              <MessageRow key={m.id} message={m} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function MessageRow({ message }: { message: VoicemailMessage }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const update = useUpdateVoicemailMessage();
  const remove = useDeleteVoicemailMessage();
  const when = formatDateTime(message.receivedAt, org.timeZone, i18n.language);
  const from = message.fromName ? `${message.fromName} (${message.fromNumber})` : message.fromNumber;
  return (
    <Table.Tr data-testid="voicemail-message">
      <Table.Td>{from}</Table.Td>
      <Table.Td>{when}</Table.Td>
      <Table.Td>{formatDuration(message.durationMs / 1000)}</Table.Td>
      <Table.Td>
        <audio
          controls
          preload="none"
          src={voicemailAudioUrl(org.organisationId, message)}
          aria-label={t('voicemail.playFrom', { from, when })}
          style={{ height: 32 }}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { message, read: !message.read },
                { onSuccess: () => notify(message.read ? t('voicemail.markedNew') : t('voicemail.markedRead')) },
              )
            }
          >
            {message.read ? t('voicemail.markNew') : t('voicemail.markRead')}
          </Button>
          <ConfirmButton
            size="xs"
            variant="light"
            color="red"
            message={t('voicemail.confirmDelete', { from, when })}
            loading={remove.isPending}
            onConfirm={() => remove.mutateAsync(message).then(() => notify(t('voicemail.deleted')))}
          >
            {t('common.delete')}
          </ConfirmButton>
        </Group>
        <ErrorAlert error={update.error ?? remove.error} />
      </Table.Td>
    </Table.Tr>
  );
}
