import { Anchor, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '@vaxel/domain';

/** R5: "Settings → choose your organisation → Phone system" for people in several organisations. */
export function OrgPicker({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={440}>
        <Stack>
          <Title order={1} size="h3">
            {t('auth.chooseOrg')}
          </Title>
          {me.organisations.length === 0 ? (
            <>
              <Text>{t('auth.noOrgs')}</Text>
              <Anchor component={Link} to="/account">
                {t('auth.account')}
              </Anchor>
            </>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('auth.chooseOrgHelp')}
              </Text>
              {me.organisations.map((m) => (
                <Button
                  key={m.organisationId}
                  component={Link}
                  to={`/o/${m.organisationId}/response-groups`}
                  variant="light"
                  justify="flex-start"
                  leftSection={<IconBuilding size={18} aria-hidden />}
                >
                  {m.organisationName}
                </Button>
              ))}
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
