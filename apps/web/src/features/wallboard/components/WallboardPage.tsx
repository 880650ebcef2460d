import { Anchor, Badge, Center, Group, Loader, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useLogAgentInOut } from '../api/logAgentInOut.ts';
import { useSupervisedGroups } from '../api/getSupervisedGroups.ts';
import { useLiveGroup } from '../api/useLiveGroup.ts';
import { useNow } from './useNow.ts';
import { WallboardView } from './WallboardView.tsx';

/**
 * R19: one group's wallboard (`/o/:orgId/wallboard/:groupId`), live through server-sent events.
 * Supervisors and admins only: anyone else gets `forbidden` (the console's page, composed by the route).
 */
export function WallboardPage({ forbidden }: { forbidden: ReactNode }) {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const org = useOrg();
  const { live, clockOffsetMs, status, error } = useLiveGroup(groupId);
  const groups = useSupervisedGroups();
  const login = useLogAgentInOut(groupId);
  const now = useNow();
  const name = groups.data?.find((g) => g.id === groupId)?.name;

  if (error?.problem.status === 403) return <>{forbidden}</>;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {name ? t('wallboard.of', { name }) : t('wallboard.title')}
        </Title>
        <Group gap="sm">
          <Badge
            size="lg"
            color={status === 'live' ? 'green' : 'yellow'}
            variant="light"
            c="dark.8"
            data-testid="live-status"
          >
            {status === 'live' ? t('wallboard.live') : t('wallboard.reconnecting')}
          </Badge>
          <Anchor component={Link} to={`/o/${org.organisationId}/wallboard`} size="sm">
            {t('wallboard.choose')}
          </Anchor>
        </Group>
      </Group>
      <ErrorAlert error={error} />
      <ErrorAlert error={login.error} />
      {!live && !error && (
        <Center py="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {live && (
        <WallboardView
          live={live}
          now={now}
          clockOffsetMs={clockOffsetMs}
          canLogAgents
          onLogAgent={(agent, loggedIn) => login.mutate({ userId: agent.userId, loggedIn })}
          pendingAgentId={login.isPending ? (login.variables?.userId ?? null) : null}
        />
      )}
    </Stack>
  );
}
