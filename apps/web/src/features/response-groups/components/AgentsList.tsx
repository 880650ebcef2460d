import { Group, SegmentedControl, Stack, Switch, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentReach, ResponseGroup } from '@vaxel/domain';
import { useUsers } from '../../../shared/api/lookups.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useSetAgentLogin } from '../api/setAgentLogin.ts';
import { useSetAgentReach } from '../api/setAgentReach.ts';

const reaches: readonly AgentReach[] = ['phone', 'mobile', 'phoneAndMobile'];

/**
 * R16, R74: a group's agents, each with their login and where they are rung — their phones, their
 * mobile (through the trunk, press 1 to accept) or both. Each change is saved at once. An agent
 * rung on a mobile without a mobile number is told apart: the switch rings their phones until
 * the number is set in their user settings.
 */
export function AgentsList({ group }: { group: ResponseGroup }) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const login = useSetAgentLogin(group.id);
  const reach = useSetAgentReach(group.id);
  if (group.agents.length === 0) return null;
  const userOf = (id: string) => users.find((u) => u.id === id);

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('groups.agents')}
      </Text>
      <Table verticalSpacing={4} aria-label={t('groups.agents')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('groups.agent')}</Table.Th>
            <Table.Th>{t('groups.loggedIn')}</Table.Th>
            <Table.Th>{t('groups.ringOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {group.agents.map((a) => {
            const user = userOf(a.userId);
            const name = user?.name ?? a.userId;
            const noMobile = a.reachOn !== 'phone' && user !== undefined && !user.mobileNumber;
            return (
              <Table.Tr key={a.userId}>
                <Table.Td>{name}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t('groups.agentLogin', { name })}
                    checked={a.loggedIn}
                    disabled={login.isPending}
                    onChange={(e) => login.mutate({ userId: a.userId, loggedIn: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <SegmentedControl
                      size="xs"
                      aria-label={t('groups.ringAgentOn', { name })}
                      value={a.reachOn}
                      disabled={reach.isPending}
                      data={reaches.map((value) => ({ value, label: t(`groups.reach.${value}`) }))}
                      onChange={(value) => reach.mutate({ userId: a.userId, reachOn: value as AgentReach })}
                    />
                    {noMobile && (
                      <Text size="xs" c="orange.9">
                        {t('groups.noMobile')}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={login.error ?? reach.error} />
    </Stack>
  );
}
