import { Alert, Divider, Modal, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { UserAccount, WorkspaceSummary } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { GrantForm } from './GrantForm';
import { GrantList } from './GrantList';
import { useSetGrant } from './queries';

interface UserRolesModalProps {
  /** The account whose roles are edited, kept fresh from the list; null when closed. */
  user: UserAccount | null;
  /** Whether it is the signed-in administrator's own account, whose roles they may not change. */
  self: boolean;
  workspaces: readonly WorkspaceSummary[];
  workspaceNames: ReadonlyMap<string, string>;
  onClose: () => void;
}

/** The roles someone holds directly (add, remove) and through their groups (read-only). */
export function UserRolesModal({ user: current, self, workspaces, workspaceNames, onClose }: UserRolesModalProps) {
  const user = useLastValue(current);
  const revoke = useSetGrant();
  const close = () => {
    revoke.reset();
    onClose();
  };
  const direct = user?.grants.filter((grant) => !grant.via_group) ?? [];
  const inherited = user?.grants.filter((grant) => grant.via_group) ?? [];

  return (
    <Modal opened={current !== null} onClose={close} title={user ? `Roles of ${user.display_name}` : ''} size="lg">
      {user && (
        <Stack gap="md" data-testid="user-roles-modal">
          <Text size="sm" c="dimmed">
            Changes apply at once, to {user.email}&apos;s sessions and API keys too.
          </Text>
          {self && (
            <Alert color="blue" icon={<IconInfoCircle />} data-testid="own-roles-note">
              You cannot change your own roles; ask another administrator.
            </Alert>
          )}
          {revoke.isError && (
            <Alert color="red" role="alert">
              {errorMessage(revoke.error)}
            </Alert>
          )}
          <Stack gap="xs">
            <Title order={3} size="h6" c="dimmed" tt="uppercase">
              Granted directly
            </Title>
            <GrantList
              grants={direct}
              workspaceNames={workspaceNames}
              onRemove={
                self
                  ? undefined
                  : (grant) =>
                      revoke.mutate({
                        target: { kind: 'user', id: user.id },
                        grant: false,
                        body: { role: grant.role, ...(grant.workspace ? { workspace: grant.workspace } : {}) },
                      })
              }
              removing={revoke.isPending}
              empty="No roles granted directly."
              testId="direct-roles"
            />
          </Stack>
          {inherited.length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h6" c="dimmed" tt="uppercase">
                Through groups
              </Title>
              <GrantList grants={inherited} workspaceNames={workspaceNames} empty="" testId="inherited-roles" />
              <Text size="xs" c="dimmed">
                Change these in Admin → Groups, or take {user.display_name} out of the group.
              </Text>
            </Stack>
          )}
          {!self && (
            <>
              <Divider />
              <GrantForm key={user.id} target={{ kind: 'user', id: user.id }} workspaces={workspaces} />
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
