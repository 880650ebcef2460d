import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { InvitationIssued, User } from '@vaxel/domain';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useResendInvitation } from '../api/resendInvitation.ts';
import { InvitationLink } from './InvitationLink.tsx';

export const invitationExpired = (user: User, now = Date.now()) =>
  user.status === 'pending' && user.invitationExpiresAt !== null && Date.parse(user.invitationExpiresAt) <= now;

/** A pending user's invitation: until when it works, and "send a new invitation". */
export function InvitationStatus({
  user,
  issued,
  onIssued,
}: {
  user: User;
  issued: InvitationIssued | null;
  onIssued: (i: InvitationIssued | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const resend = useResendInvitation(user.id);
  if (user.status !== 'pending' && !issued) return null;
  const expired = invitationExpired(user);
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('users.invitation')}>
      <Stack gap="xs">
        {issued ? (
          <InvitationLink name={user.name} email={user.email} invitation={issued} onDone={() => onIssued(null)} />
        ) : (
          <Text size="sm">
            {expired
              ? t('users.expiredHelp', { name: user.name })
              : t('users.pendingHelp', {
                  name: user.name,
                  date: formatDateTime(user.invitationExpiresAt, org.timeZone, i18n.language),
                })}
          </Text>
        )}
        <ErrorAlert error={resend.error} />
        {!issued && (
          <Group>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconSend size={14} aria-hidden />}
              loading={resend.isPending}
              onClick={() => resend.mutate(undefined, { onSuccess: onIssued })}
            >
              {t('users.resend')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
