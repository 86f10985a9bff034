import { Anchor, Box, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconLogin2, IconWorld } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from '../../../components/Logo';
import type { AppDetail } from '../types';

/** Where signing in leads: the app's own page, for those it is published to. */
export function SignInLink({ to, children = 'Sign in', variant = 'light' }: { to: string; children?: ReactNode; variant?: string }) {
  return (
    <Button component={Link} to="/sign-in" state={{ from: to }} variant={variant} leftSection={<IconLogin2 size={16} />} data-testid="public-sign-in">
      {children}
    </Button>
  );
}

/** The page around an app for people who are not signed in: the name of the product and a way to sign in, no navigation. */
export function PublicShell({ signInTo, children }: { signInTo: string; children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Logo size={26} />
            <Anchor component={Link} to="/sign-in" state={{ from: signInTo }} size="sm" data-testid="public-header-sign-in">
              Sign in
            </Anchor>
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="xl" component="main">
        {children}
      </Container>
    </Box>
  );
}

/** What the app is: its workspace, name and description, and that anyone may use it. */
export function PublicHeader({ app }: { app: AppDetail }) {
  return (
    <Stack gap={6} mb="lg">
      <Text size="sm" c="dimmed" fw={500} data-testid="public-app-workspace">
        {app.workspace_name}
      </Text>
      <Title order={1} size="h2">
        {app.name}
      </Title>
      {app.description && (
        <Text maw={760} data-testid="public-app-description">
          {app.description}
        </Text>
      )}
      <Group gap={6} c="dimmed" wrap="nowrap">
        <IconWorld size={16} stroke={1.6} aria-hidden />
        <Text size="xs">Anyone with the link can use this form, without signing in. Do not enter personal or confidential information.</Text>
      </Group>
    </Stack>
  );
}
