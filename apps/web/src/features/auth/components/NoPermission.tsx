import { Alert, Stack, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** R4: what a member without the phone-system permission sees instead of the settings. */
export function NoPermission({ organisationName }: { organisationName: string }) {
  const { t } = useTranslation();
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('auth.noPermissionTitle')}
      </Title>
      <Alert color="yellow" icon={<IconLock aria-hidden />}>
        {t('auth.noPermissionBody', { org: organisationName })}
      </Alert>
    </Stack>
  );
}
