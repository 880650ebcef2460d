import { Center, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../shared/components/LanguageSwitch.tsx';

/** The frame of the pages people reach without a session: login, invitation, password reset. */
export function PublicCard({ title, children, width = 420 }: { title: string; children: ReactNode; width?: number }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={width}>
        <Stack>
          <Title order={1} size="h3">
            {title}
          </Title>
          {children}
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
