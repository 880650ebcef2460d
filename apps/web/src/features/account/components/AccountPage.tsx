import { Anchor, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Me } from '@vaxel/domain';
import { LanguageSwitch } from '../../../shared/components/LanguageSwitch.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { SessionsList } from './SessionsList.tsx';

/**
 * /account, reached from the shell's user menu: one's own password and sessions. Outside any
 * organisation, so everyone with a login can use it, whatever their permissions.
 */
export function AccountPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const timeZone = me.organisations[0]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Container size="lg" py="md" component="main">
      <Stack>
        <Group justify="space-between">
          <Anchor component={Link} to="/" size="sm">
            <Group gap={4} component="span">
              <IconArrowLeft size={16} aria-hidden />
              {t('account.back')}
            </Group>
          </Anchor>
          <LanguageSwitch />
        </Group>
        <div>
          <Title order={1} size="h2">
            {t('account.title')}
          </Title>
          <Text c="dimmed">
            {me.name} · {me.email}
          </Text>
        </div>
        <ChangePasswordForm email={me.email} />
        <SessionsList timeZone={timeZone} onLoggedOut={() => navigate('/login', { replace: true })} />
      </Stack>
    </Container>
  );
}
