import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CallRecord, User } from '@vaxel/domain';
import { orgUrl } from '../../../shared/api/client.ts';
import { formatDateTime, formatDuration } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { outcomeColor } from './outcomeColor.ts';

/** R58: time, parties (an emergency call marked, R92), path, who answered, outcome, wait and talk time, recording link. */
export function CallTable({ calls, users }: { calls: CallRecord[]; users: User[] }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const userName = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? id) : '—');
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label={t('calls.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('calls.started')}</Table.Th>
            <Table.Th>{t('calls.direction')}</Table.Th>
            <Table.Th>{t('calls.parties')}</Table.Th>
            <Table.Th>{t('calls.path')}</Table.Th>
            <Table.Th>{t('calls.answeredBy')}</Table.Th>
            <Table.Th>{t('calls.outcome')}</Table.Th>
            <Table.Th>{t('calls.wait')}</Table.Th>
            <Table.Th>{t('calls.talk')}</Table.Th>
            <Table.Th>{t('calls.recordingCol')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/o/${org.organisationId}/calls/${c.id}`}
                  size="sm"
                  aria-label={t('calls.detail.open', {
                    when: formatDateTime(c.startedAt, org.timeZone, i18n.language),
                  })}
                >
                  {formatDateTime(c.startedAt, org.timeZone, i18n.language)}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`calls.directions.${c.direction}`)}</Table.Td>
              <Table.Td>
                {c.emergency && (
                  <Badge color="red" variant="filled" size="sm" mr={6}>
                    {t('calls.emergency')}
                  </Badge>
                )}
                <Text size="sm" span>
                  {c.fromName ? `${c.fromName} ` : ''}
                  {c.fromNumber} → {c.toNumber}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{c.path.map((s) => s.name).join(' → ') || '—'}</Text>
              </Table.Td>
              <Table.Td>{userName(c.answeredByUserId)}</Table.Td>
              <Table.Td>
                <Badge color={c.outcome ? outcomeColor[c.outcome] : 'gray'} variant="light">
                  {t(`calls.outcomes.${c.outcome ?? 'inProgress'}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDuration(c.waitSeconds)}</Table.Td>
              <Table.Td>{formatDuration(c.talkSeconds)}</Table.Td>
              <Table.Td>
                {c.recordingId ? (
                  <Anchor
                    href={orgUrl(org.organisationId, `/recordings/${c.recordingId}/content`)}
                    target="_blank"
                    rel="noreferrer"
                    size="sm"
                  >
                    {t('common.play')}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
