import { Badge, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Session } from '@vaxel/domain';
import { ConfirmButton } from '../../../shared/components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useRevokeAllSessions, useRevokeSession, useSessions } from '../api/sessions.ts';

/** Where the account is logged in; log out one session or all of them. */
export function SessionsList({ timeZone, onLoggedOut }: { timeZone: string; onLoggedOut: () => void }) {
  const { t, i18n } = useTranslation();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeAll = useRevokeAllSessions();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone, i18n.language) : t('account.never'));
  const device = (s: Session) => s.userAgent ?? t('account.unknownDevice');
  const logOut = (s: Session) =>
    revoke.mutate(s, {
      onSuccess: () => {
        notify(t('account.loggedOut'));
        if (s.current) onLoggedOut();
      },
    });
  return (
    <Paper withBorder p="md" component="section" aria-label={t('account.sessions')}>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('account.sessions')}
          </Title>
          <ConfirmButton
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconLogout size={14} aria-hidden />}
            title={t('account.logOutEverywhere')}
            message={t('account.logOutEverywhereConfirm')}
            confirmLabel={t('account.logOutEverywhere')}
            onConfirm={() => revokeAll.mutateAsync().then(onLoggedOut)}
          >
            {t('account.logOutEverywhere')}
          </ConfirmButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t('account.sessionsHelp')}
        </Text>
        <ErrorAlert error={revoke.error ?? revokeAll.error} />
        <QueryState query={sessions}>
          {(list) => (
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('account.device')}</Table.Th>
                    <Table.Th>{t('account.address')}</Table.Th>
                    <Table.Th>{t('account.created')}</Table.Th>
                    <Table.Th>{t('account.lastUsed')}</Table.Th>
                    <Table.Th>{t('account.expires')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((s) => (
                    <Table.Tr key={s.id} data-testid="session">
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {device(s)}
                        </Text>
                        {s.current && (
                          <Badge variant="light" size="sm">
                            {t('account.thisSession')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{s.address ?? '—'}</Table.Td>
                      <Table.Td>{when(s.createdAt)}</Table.Td>
                      <Table.Td>{when(s.lastUsedAt)}</Table.Td>
                      <Table.Td>{when(s.expiresAt)}</Table.Td>
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="xs"
                          color="red"
                          aria-label={t('account.logOutSession', { device: device(s) })}
                          loading={revoke.isPending && revoke.variables?.id === s.id}
                          onClick={() => logOut(s)}
                        >
                          {t('account.logOut')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}
