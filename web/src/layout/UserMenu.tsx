import { Avatar, Badge, Box, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLock, IconLogout } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CurrentUser } from '../api/types';
import { useSignOut } from '../auth/session';
import { ChangePasswordModal } from './ChangePasswordModal';
import { initials, roleLabel, rolesByScope } from './roles';

export function UserMenu({ user }: { user: CurrentUser }) {
  const signOut = useSignOut();
  const scopes = rolesByScope(user);
  const [changing, { open: openChange, close: closeChange }] = useDisclosure(false);

  return (
    <>
      <Menu position="bottom-end" width={300} shadow="md" withinPortal>
        <Menu.Target>
          <UnstyledButton data-testid="user-menu" aria-label={`Account of ${user.display_name}`}>
            <Group gap="xs" wrap="nowrap">
              <Avatar color="indigo" radius="xl" size={34}>
                {initials(user.display_name)}
              </Avatar>
              <Box visibleFrom="sm">
                <Text size="sm" fw={500} lh={1.2}>
                  {user.display_name}
                </Text>
              </Box>
              <IconChevronDown size={16} stroke={1.6} color="var(--mantine-color-dimmed)" />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Box px="sm" py="xs">
            <Text size="sm" fw={600}>
              {user.display_name}
            </Text>
            <Text size="xs" c="dimmed">
              {user.email}
            </Text>
          </Box>
          <Menu.Divider />
          <Menu.Label>Your roles</Menu.Label>
          <Stack gap="xs" px="sm" pb="xs" data-testid="user-roles">
            {scopes.length === 0 && (
              <Text size="xs" c="dimmed">
                No roles yet. Ask your administrator for access.
              </Text>
            )}
            {scopes.map(({ scope, roles }) => (
              <Box key={scope}>
                <Text size="xs" c="dimmed" mb={4}>
                  {scope}
                </Text>
                <Group gap={6}>
                  {roles.map((role) => (
                    <Badge key={role} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                      {roleLabel(role)}
                    </Badge>
                  ))}
                </Group>
              </Box>
            ))}
          </Stack>
          <Menu.Divider />
          <Menu.Item component={Link} to="/settings/api-keys" leftSection={<IconKey size={16} stroke={1.6} />} data-testid="api-keys">
            API keys
          </Menu.Item>
          <Menu.Item leftSection={<IconLock size={16} stroke={1.6} />} onClick={openChange} data-testid="change-password">
            Change password
          </Menu.Item>
          <Menu.Item
            leftSection={<IconLogout size={16} stroke={1.6} />}
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
            data-testid="sign-out"
          >
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={changing} onClose={closeChange} />
    </>
  );
}
