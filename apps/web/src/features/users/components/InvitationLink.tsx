import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { InvitationIssued } from '@vaxel/domain';

type Props = { name: string; email: string; invitation: InvitationIssued; onDone?: () => void };

/** The invitation link, shown this once (only its hash is kept), with a copy button. */
export function InvitationLink({ name, email, invitation, onDone }: Props) {
  const { t } = useTranslation();
  const label = t('users.invitationLink', { name });
  return (
    <Alert color="blue" icon={<IconMailForward aria-hidden />} title={label} role="status" aria-label={label}>
      <Stack gap="xs">
        <Text size="sm">{t('users.invitationOnce', { name })}</Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            aria-label={label}
            value={invitation.url}
            readOnly
            style={{ flex: 1 }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={invitation.url}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'filled' : 'light'}
                leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                onClick={copy}
              >
                {copied ? t('users.copied') : t('users.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">
          {invitation.emailed ? t('users.invitationEmailed', { email }) : t('users.invitationNotEmailed', { email })}
        </Text>
        {onDone && (
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('users.done')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
