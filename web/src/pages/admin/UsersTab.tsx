import { Alert, Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { UserAccount } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { CreateUserModal } from './CreateUserModal';
import { useUsers } from './queries';
import { ResetPasswordModal } from './ResetPasswordModal';
import { StatusConfirmModal } from './StatusConfirmModal';
import { UserRolesModal } from './UserRolesModal';
import { UserTable } from './UserTable';

function matches(user: UserAccount, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return needle === '' || user.display_name.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle);
}

/** The Users tab of the Admin page: every account, with creating, roles, disabling and password resets. */
export function UsersTab() {
  const me = useCurrentUser();
  const users = useUsers();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<UserAccount | null>(null);
  const [resetting, setResetting] = useState<UserAccount | null>(null);
  const [editingRoles, setEditingRoles] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const workspaceNames = useMemo(() => new Map(me.workspaces.map((w) => [w.slug, w.name])), [me.workspaces]);

  const shown = (users.data ?? []).filter((user) => matches(user, search));

  return (
    <>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          mb="md"
          role="status"
          data-testid="users-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap">
        <TextInput
          aria-label="Search users"
          placeholder="Search by name or e-mail"
          leftSection={<IconSearch size={16} stroke={1.6} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', xs: 320 }}
        />
        <Button leftSection={<IconUserPlus size={18} stroke={1.6} />} onClick={() => setCreating(true)}>
          Create user
        </Button>
      </Group>
      <QueryState query={users} errorTitle="The accounts could not be loaded" loadingLabel="Loading users" rows={5}>
        <Paper withBorder radius="md">
          {shown.length === 0 ? (
            <Text ta="center" c="dimmed" py={48} px="xl" data-testid="users-no-match">
              {search.trim() ? `Nobody's name or e-mail contains “${search.trim()}”.` : 'No accounts yet.'}
            </Text>
          ) : (
            <UserTable
              users={shown}
              myId={me.id}
              workspaceNames={workspaceNames}
              onToggle={setToggling}
              onResetPassword={setResetting}
              onRoles={(user) => setEditingRoles(user.id)}
            />
          )}
        </Paper>
      </QueryState>
      <CreateUserModal
        opened={creating}
        workspaces={me.workspaces}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          setNotice(`${user.display_name} (${user.email}) can now sign in.`);
        }}
      />
      <StatusConfirmModal
        user={toggling}
        onClose={() => setToggling(null)}
        onDone={(user) => {
          setToggling(null);
          setNotice(user.disabled ? `${user.display_name} is disabled and has been signed out everywhere.` : `${user.display_name} can sign in again.`);
        }}
      />
      <UserRolesModal
        user={(users.data ?? []).find((user) => user.id === editingRoles) ?? null}
        self={editingRoles === me.id}
        workspaces={me.workspaces}
        workspaceNames={workspaceNames}
        onClose={() => setEditingRoles(null)}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user) => {
          setResetting(null);
          setNotice(`The password of ${user.display_name} is changed and their sessions have ended.`);
        }}
      />
    </>
  );
}
