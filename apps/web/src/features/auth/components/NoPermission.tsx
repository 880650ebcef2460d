import { Alert, Stack, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * R4: what a member without the phone-system permission sees instead of the settings; R19 (`reason`
 * `supervisor`): what someone who is not a supervisor of a group sees instead of its wallboard.
 */
export function NoPermission({
  organisationName,
  reason = 'phoneSystem',
}: {
  organisationName: string;
  reason?: 'phoneSystem' | 'supervisor';
}) {
  const { t } = useTranslation();
  const [title, body] =
    reason === 'supervisor'
      ? ['auth.notSupervisorTitle', 'auth.notSupervisorBody']
      : ['auth.noPermissionTitle', 'auth.noPermissionBody'];
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t(title)}
      </Title>
      <Alert color="yellow" icon={<IconLock aria-hidden />}>
        {t(body, { org: organisationName })}
      </Alert>
    </Stack>
  );
}
