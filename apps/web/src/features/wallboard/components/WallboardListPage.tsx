import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useSupervisedGroups } from '../api/getSupervisedGroups.ts';

/** R19: the wallboards the user may open — the groups they supervise (every group for an admin). */
export function WallboardListPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const groups = useSupervisedGroups();
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t('wallboard.title')}
      </Title>
      <QueryState query={groups}>
        {(list) =>
          list.length === 0 ? (
            <Text>{t('wallboard.none')}</Text>
          ) : (
            <>
              <Text>{t('wallboard.choose')}</Text>
              <List>
                {list.map((group) => (
                  <List.Item key={group.id}>
                    <Anchor component={Link} to={`/o/${org.organisationId}/wallboard/${encodeURIComponent(group.id)}`}>
                      {group.name}
                    </Anchor>
                  </List.Item>
                ))}
              </List>
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}
