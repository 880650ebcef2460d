import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentLive, AgentLiveStateName, ResponseGroupLive } from '@vaxel/domain';
import { formatDuration, formatTime } from '../../../shared/format/format.ts';
import { nationalForm } from '../../../shared/format/phoneNumber.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

/** Tile colours by state: light backgrounds with dark text, readable from across a room (and by axe). */
const stateColour: Record<AgentLiveStateName, string> = {
  available: 'green',
  ringing: 'yellow',
  onCall: 'red',
  wrapUp: 'orange',
  loggedOut: 'gray',
};

type Props = {
  live: ResponseGroupLive;
  /** The browser's time now and the server's lead on it: waits tick each second between snapshots. */
  now: number;
  clockOffsetMs: number;
  canLogAgents: boolean;
  onLogAgent: (agent: AgentLive, loggedIn: boolean) => void;
  /** The agent whose log-in is being changed. */
  pendingAgentId: string | null;
};

/** R19 on a wall screen: large figures, the queue, callbacks waiting, a tile per agent. */
export function WallboardView({ live, now, clockOffsetMs, canLogAgents, onLogAgent, pendingAgentId }: Props) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const serverNow = now + clockOffsetMs;
  const waited = (queuedAt: string) => Math.max(0, Math.floor((serverNow - Date.parse(queuedAt)) / 1000));
  const number = (e164: string) => nationalForm(e164, org.country) ?? e164;
  const longestNow = [...live.queue, ...live.callbacks].reduce<number | null>(
    (most, entry) => Math.max(most ?? 0, waited(entry.queuedAt)),
    null,
  );
  const { today } = live;
  const figures = [
    { key: 'waiting', label: t('wallboard.waiting'), value: String(live.queue.length + live.callbacks.length) },
    { key: 'longestNow', label: t('wallboard.longestNow'), value: formatDuration(longestNow) },
    {
      key: 'answered',
      label: t('wallboard.answered'),
      value: String(today.answered),
      note: t('wallboard.offered', { count: today.offered }),
    },
    { key: 'abandoned', label: t('wallboard.abandoned'), value: String(today.abandoned) },
    {
      key: 'serviceLevel',
      label: t('wallboard.serviceLevel'),
      value: today.serviceLevelPercent === null ? '—' : `${Math.round(today.serviceLevelPercent)} %`,
      note: t('wallboard.serviceLevelOf', { seconds: today.serviceLevelSeconds }),
    },
    { key: 'averageWait', label: t('wallboard.averageWait'), value: formatDuration(today.averageWaitSeconds) },
    { key: 'callbacks', label: t('wallboard.callbacksToday'), value: String(today.callbacks) },
  ];

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="md">
        {figures.map((figure) => (
          <Paper key={figure.key} withBorder p="md" radius="md" data-figure={figure.key}>
            <Text size="sm" fw={600} c="dark.6">
              {figure.label}
            </Text>
            <Text fz={44} fw={800} lh={1.1} data-value>
              {figure.value}
            </Text>
            {figure.note && (
              <Text size="sm" c="dark.6">
                {figure.note}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('wallboard.queue')}
          </Title>
          {live.queue.length === 0 ? (
            <Text c="dark.6">{t('wallboard.queueEmpty')}</Text>
          ) : (
            <Table fz="lg" aria-label={t('wallboard.queue')} data-testid="queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('wallboard.position')}</Table.Th>
                  <Table.Th>{t('wallboard.caller')}</Table.Th>
                  <Table.Th>{t('wallboard.wait')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {live.queue.map((caller) => (
                  <Table.Tr key={caller.callId} data-call={caller.callId}>
                    <Table.Td fw={700}>{caller.position}</Table.Td>
                    <Table.Td>
                      {caller.fromName ? `${caller.fromName} · ` : ''}
                      {caller.fromNumber ? number(caller.fromNumber) : t('wallboard.unknownCaller')}
                      {caller.ringing && (
                        <Badge ml="xs" color="yellow" variant="light" c="dark.8">
                          {t('wallboard.ringing')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td fw={700} data-wait>
                      {formatDuration(waited(caller.queuedAt))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('wallboard.callbacks')}
          </Title>
          {live.callbacks.length === 0 ? (
            <Text c="dark.6">{t('wallboard.noCallbacks')}</Text>
          ) : (
            <Table fz="lg" aria-label={t('wallboard.callbacks')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('wallboard.position')}</Table.Th>
                  <Table.Th>{t('wallboard.number')}</Table.Th>
                  <Table.Th>{t('wallboard.wait')}</Table.Th>
                  <Table.Th>{t('wallboard.attempts')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {live.callbacks.map((callback) => (
                  <Table.Tr key={callback.callId}>
                    <Table.Td fw={700}>{callback.position}</Table.Td>
                    <Table.Td>
                      {number(callback.number)}
                      <Text size="sm" c="dark.6">
                        {t(`wallboard.callbackStates.${callback.state}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td fw={700}>{formatDuration(waited(callback.queuedAt))}</Table.Td>
                    <Table.Td>{callback.attempts}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('wallboard.agents')}
        </Title>
        {live.agents.length === 0 && <Text c="dark.6">{t('wallboard.noAgents')}</Text>}
        <SimpleGrid
          cols={{ base: 1, xs: 2, md: 4, xl: 6 }}
          spacing="md"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('wallboard.agents')}
        >
          {live.agents.map((agent) => {
            const colour = stateColour[agent.state];
            const loggedIn = agent.state !== 'loggedOut';
            return (
              <Paper
                component="li"
                key={agent.userId}
                p="md"
                radius="md"
                bg={`${colour}.1`}
                style={{ borderLeft: `8px solid var(--mantine-color-${colour}-7)` }}
                data-agent={agent.userId}
                data-state={agent.state}
                aria-label={`${agent.name}: ${t(`wallboard.states.${agent.state}`)}`}
              >
                <Text fz="xl" fw={700} c="dark.9">
                  {agent.name}
                </Text>
                <Text fz="lg" fw={600} c="dark.8" data-state-label>
                  {t(`wallboard.states.${agent.state}`)}
                  {agent.since && ` · ${formatDuration(Math.max(0, (serverNow - Date.parse(agent.since)) / 1000))}`}
                </Text>
                {agent.since && (
                  <Text size="sm" c="dark.7">
                    {t('wallboard.since', { time: formatTime(agent.since, org.timeZone, i18n.language) })}
                  </Text>
                )}
                {canLogAgents && (
                  <Group mt="xs">
                    <Button
                      size="xs"
                      variant="white"
                      c="dark.8"
                      loading={pendingAgentId === agent.userId}
                      onClick={() => onLogAgent(agent, !loggedIn)}
                    >
                      {loggedIn
                        ? t('wallboard.logOut', { name: agent.name })
                        : t('wallboard.logIn', { name: agent.name })}
                    </Button>
                  </Group>
                )}
              </Paper>
            );
          })}
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}
