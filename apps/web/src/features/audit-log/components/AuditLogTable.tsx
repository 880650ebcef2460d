import { ActionIcon, Anchor, Badge, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntry } from '@vaxel/domain';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { ChangeList, useFormatValue } from './ChangeList.tsx';
import { objectPage } from './objectPages.ts';

const actionColor: Record<string, string> = {
  create: 'teal',
  update: 'blue',
  delete: 'red',
  login_failed: 'orange',
  login_throttled: 'red',
};

type Upload = { fileName: string | null; mimeType: string; bytes: number };

/** Newest first: when (organisation's time zone), who, from where, what, on which object, and the fields before → after. */
export function AuditLogTable({
  entries,
  onObjectHistory,
}: {
  entries: AuditEntry[];
  onObjectHistory: (objectType: string, objectId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const format = useFormatValue();
  const label = (group: 'actions' | 'types', key: string) => t(`audit.${group}.${key}`, { defaultValue: key });
  const person = (entry: AuditEntry) =>
    entry.actor.kind === 'operator'
      ? t('audit.operator')
      : entry.actor.kind === 'system'
        ? t('audit.system')
        : entry.actor.name || entry.actor.email || '—';
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped verticalSpacing="xs" aria-label={t('audit.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.time')}</Table.Th>
            <Table.Th>{t('audit.person')}</Table.Th>
            <Table.Th>{t('audit.address')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.object')}</Table.Th>
            <Table.Th>{t('audit.changes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const page = objectPage(org.organisationId, entry.objectType, entry.action);
            const name = entry.objectName ?? '';
            const upload = entry.detail?.upload as Upload | undefined;
            const otherDetail = Object.entries(entry.detail ?? {}).filter(([key]) => key !== 'upload');
            return (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(entry.at, org.timeZone, i18n.language)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{person(entry)}</Text>
                  {entry.actor.kind === 'account' && entry.actor.email && entry.actor.email !== entry.actor.name && (
                    <Text size="xs" c="dimmed">
                      {entry.actor.email}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {entry.sourceAddress ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={actionColor[entry.action] ?? 'gray'}>
                    {label('actions', entry.action)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {label('types', entry.objectType)}
                  </Text>
                  <Text size="sm" span>
                    {page ? (
                      <Anchor component={Link} to={page} size="sm">
                        {name || label('types', entry.objectType)}
                      </Anchor>
                    ) : (
                      name
                    )}
                  </Text>
                  {entry.objectId && (
                    <Tooltip label={t('audit.history', { name: name || label('types', entry.objectType) })}>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        ml={4}
                        aria-label={t('audit.history', { name: name || label('types', entry.objectType) })}
                        onClick={() => onObjectHistory(entry.objectType, entry.objectId!)}
                      >
                        <IconHistory size={14} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {entry.changes.length > 0 && <ChangeList changes={entry.changes} />}
                    {upload && (
                      <Text size="xs">
                        {t('audit.upload', {
                          name: upload.fileName ?? '—',
                          type: upload.mimeType,
                          size: Math.max(1, Math.round(upload.bytes / 1024)),
                        })}
                      </Text>
                    )}
                    {otherDetail.map(([key, value]) => (
                      <Text size="xs" key={key}>
                        {key}: {format(value)}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
