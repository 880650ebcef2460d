import { AppShell, Burger, Button, Group, Menu, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook,
  IconArrowsSplit,
  IconHistory,
  IconLogout,
  IconMicrophone,
  IconPhoneCall,
  IconPhoneOutgoing,
  IconRoute,
  IconSwitchHorizontal,
  IconUsersGroup,
  IconVinyl,
  IconId,
  IconUser,
  IconUserCircle,
  IconChevronDown,
  IconMailbox,
  IconDeviceDesktopAnalytics,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import type { Me, Membership } from '@vaxel/domain';
import { useLogout } from '../features/auth/index.ts';
import { LanguageSwitch } from '../shared/components/LanguageSwitch.tsx';

const screens = [
  { path: 'response-groups', key: 'nav.responseGroups', icon: IconUsersGroup },
  { path: 'ivr-menus', key: 'nav.ivrMenus', icon: IconArrowsSplit },
  { path: 'call-routing', key: 'nav.callRouting', icon: IconRoute },
  { path: 'outbound-rules', key: 'nav.outboundRules', icon: IconPhoneOutgoing },
  { path: 'audio-files', key: 'nav.audioFiles', icon: IconVinyl },
  { path: 'display-numbers', key: 'nav.displayNumbers', icon: IconId },
  { path: 'calls', key: 'nav.callLog', icon: IconPhoneCall },
  // Supervisors find their groups' wallboards here, phone_system or not (the API lists the groups they may watch).
  { path: 'wallboard', key: 'nav.wallboard', icon: IconDeviceDesktopAnalytics, forMembers: true },
  // Open to every member (its route's `handle.member`): the API shows them the recordings of their own calls and their groups'.
  { path: 'recording', key: 'nav.recording', icon: IconMicrophone, forMembers: true },
  { path: 'users', key: 'nav.users', icon: IconUser },
  { path: 'audit-log', key: 'nav.auditLog', icon: IconHistory },
] as const;

/** Header with organisation, language and the user menu (account, logout); navigation to every phone-system screen. */
export function Shell({
  me,
  membership,
  allowed,
  children,
}: {
  me: Me;
  membership: Membership;
  allowed: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={700} size="lg">
              Växel
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs" data-testid="current-org">
              {membership.organisationName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  variant="subtle"
                  size="xs"
                  aria-label={t('auth.userMenu', { name: me.name })}
                  leftSection={<IconUserCircle size={18} aria-hidden />}
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                  loading={logout.isPending}
                >
                  <Text size="sm" span visibleFrom="md">
                    {me.name}
                  </Text>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  component={Link}
                  to={`/o/${membership.organisationId}/voicemail`}
                  leftSection={<IconMailbox size={16} aria-hidden />}
                >
                  {t('nav.voicemail')}
                </Menu.Item>
                <Menu.Item component={Link} to="/account" leftSection={<IconUser size={16} aria-hidden />}>
                  {t('auth.account')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLogout size={16} aria-hidden />}
                  onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
                >
                  {t('auth.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.phoneSystem')}>
        <Stack gap={2}>
          <NavLink
            component={RouterNavLink}
            to={`/o/${membership.organisationId}/voicemail`}
            label={t('nav.voicemail')}
            active={location.pathname.endsWith('/voicemail')}
            leftSection={<IconMailbox size={18} aria-hidden />}
            onClick={() => opened && toggle()}
          />
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" px="sm" py={4}>
            {t('nav.phoneSystem')}
          </Text>
          {screens
            .filter((s) => allowed || ('forMembers' in s && s.forMembers))
            .map((s) => (
              <NavLink
                key={s.path}
                component={RouterNavLink}
                to={`/o/${membership.organisationId}/${s.path}`}
                label={t(s.key)}
                active={
                  location.pathname.endsWith(`/${s.path}`) ||
                  (s.path === 'wallboard' && location.pathname.includes('/wallboard/'))
                }
                leftSection={<s.icon size={18} aria-hidden />}
                onClick={() => opened && toggle()}
              />
            ))}
          {me.organisations.length > 1 && (
            <NavLink
              component={RouterNavLink}
              to="/"
              label={t('auth.switchOrg')}
              leftSection={<IconSwitchHorizontal size={18} aria-hidden />}
            />
          )}
          <NavLink component="a" href="/docs" label="API" leftSection={<IconAddressBook size={18} aria-hidden />} />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
