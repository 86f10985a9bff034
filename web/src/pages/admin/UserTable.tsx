import { ActionIcon, Badge, Group, Menu, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDotsVertical, IconKey, IconShieldCheck, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import type { UserAccount } from '../../api/types';
import { GrantBadge, grantKey } from './GrantList';

function Grants({ user, workspaceNames }: { user: UserAccount; workspaceNames: ReadonlyMap<string, string> }) {
  if (user.grants.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No roles
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {user.grants.map((grant) => (
        <GrantBadge key={grantKey(grant)} grant={grant} workspaceNames={workspaceNames} />
      ))}
    </Group>
  );
}

interface RowMenuProps {
  user: UserAccount;
  self: boolean;
  onToggle: (user: UserAccount) => void;
  onResetPassword: (user: UserAccount) => void;
  onRoles: (user: UserAccount) => void;
}

function RowMenu({ user, self, onToggle, onResetPassword, onRoles }: RowMenuProps) {
  const toggle = user.disabled ? (
    <Menu.Item leftSection={<IconUserCheck size={16} stroke={1.6} />} onClick={() => onToggle(user)}>
      Enable
    </Menu.Item>
  ) : self ? (
    <Tooltip label="You cannot disable your own account" position="left" withArrow>
      <Menu.Item leftSection={<IconUserOff size={16} stroke={1.6} />} data-disabled closeMenuOnClick={false}>
        Disable
      </Menu.Item>
    </Tooltip>
  ) : (
    <Menu.Item color="red" leftSection={<IconUserOff size={16} stroke={1.6} />} onClick={() => onToggle(user)}>
      Disable
    </Menu.Item>
  );

  return (
    <Menu position="bottom-end" shadow="md" withinPortal width={200}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.email}`}>
          <IconDotsVertical size={18} stroke={1.6} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconShieldCheck size={16} stroke={1.6} />} onClick={() => onRoles(user)}>
          Roles
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} stroke={1.6} />} onClick={() => onResetPassword(user)}>
          Reset password
        </Menu.Item>
        {toggle}
      </Menu.Dropdown>
    </Menu>
  );
}

interface UserTableProps {
  users: readonly UserAccount[];
  myId: string;
  workspaceNames: ReadonlyMap<string, string>;
  onToggle: (user: UserAccount) => void;
  onResetPassword: (user: UserAccount) => void;
  onRoles: (user: UserAccount) => void;
}

export function UserTable({ users, myId, workspaceNames, onToggle, onResetPassword, onRoles }: UserTableProps) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table verticalSpacing="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={170}>Name</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={48}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid={`user-row-${user.email}`}>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" fw={500} c={user.disabled ? 'dimmed' : undefined}>
                    {user.display_name}
                    {user.id === myId && (
                      <Text span size="xs" c="dimmed" ml={6}>
                        (you)
                      </Text>
                    )}
                  </Text>
                  {!user.has_password && (
                    <Text size="xs" c="dimmed" title="This account has no local password; the person signs in through single sign-on.">
                      SSO only
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={user.disabled ? 'dimmed' : undefined}>
                  {user.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Grants user={user} workspaceNames={workspaceNames} />
              </Table.Td>
              <Table.Td>
                <Badge variant="dot" color={user.disabled ? 'red' : 'green'} tt="none" fw={500} style={{ flexShrink: 0, overflow: 'visible' }} data-status={user.disabled ? 'disabled' : 'active'}>
                  {user.disabled ? 'Disabled' : 'Active'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <RowMenu user={user} self={user.id === myId} onToggle={onToggle} onResetPassword={onResetPassword} onRoles={onRoles} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
