import { AppShell, Burger, Divider, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router';
import { useCurrentUser } from '../auth/session';
import { Logo } from '../components/Logo';
import { ApprovalsButton } from './ApprovalsButton';
import { PolicyDriftBanner } from './drift/PolicyDrift';
import { SectionsNav } from './NavBar';
import { UserMenu } from './UserMenu';

export function AppFrame() {
  const user = useCurrentUser();
  const [opened, { toggle, close }] = useDisclosure();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Logo />
            {user.organization.name && (
              <>
                <Divider orientation="vertical" h={24} style={{ alignSelf: 'center' }} visibleFrom="xs" />
                <Text size="sm" c="dimmed" fw={500} truncate visibleFrom="xs" data-testid="organization-name">
                  {user.organization.name}
                </Text>
              </>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ApprovalsButton />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <SectionsNav navigation={user.navigation} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <PolicyDriftBanner user={user} />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
