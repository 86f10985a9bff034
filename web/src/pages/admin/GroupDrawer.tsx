import { ActionIcon, Alert, Avatar, Button, Drawer, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import type { GroupView, UserAccount, WorkspaceSummary } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { initials } from '../../layout/roles';
import { DrawerSection } from './DrawerSection';
import { GrantForm } from './GrantForm';
import { GrantList } from './GrantList';
import { useSetGrant, useSetMembership, useUsers } from './queries';

function AddMember({ group, users }: { group: GroupView; users: readonly UserAccount[] }) {
  const membership = useSetMembership();
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const memberIds = new Set(group.members.map((member) => member.id));
  const candidates = users
    .filter((user) => !memberIds.has(user.id))
    .map((user) => ({ value: user.id, label: `${user.display_name} (${user.email})`, disabled: user.disabled }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId === null) {
      setError('Choose the person to add');
      return;
    }
    membership.mutate(
      { groupId: group.id, userId, add: true },
      { onSuccess: () => setUserId(null), onError: (e) => setError(errorMessage(e)) },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="add-member-form">
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <Select
          aria-label="Person to add"
          placeholder={candidates.length === 0 ? 'Everyone is already a member' : 'Search by name or e-mail'}
          searchable
          nothingFoundMessage="Nobody matches"
          data={candidates}
          value={userId}
          onChange={(value) => {
            setUserId(value);
            setError(null);
          }}
          error={error}
          disabled={candidates.length === 0}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="default" leftSection={<IconUserPlus size={16} stroke={1.8} />} loading={membership.isPending}>
          Add
        </Button>
      </Group>
    </form>
  );
}

interface GroupDrawerProps {
  /** The group shown, kept fresh from the list; null when closed. */
  group: GroupView | null;
  workspaces: readonly WorkspaceSummary[];
  workspaceNames: ReadonlyMap<string, string>;
  onClose: () => void;
}

/** One group: its members (add, remove) and the roles everyone in it holds (add, remove). */
export function GroupDrawer({ group: current, workspaces, workspaceNames, onClose }: GroupDrawerProps) {
  const group = useLastValue(current);
  const users = useUsers();
  const removeMember = useSetMembership();
  const revoke = useSetGrant();
  const close = () => {
    removeMember.reset();
    revoke.reset();
    onClose();
  };
  const failure = removeMember.error ?? revoke.error;

  return (
    <Drawer
      opened={current !== null}
      onClose={close}
      position="right"
      size="md"
      title={group ? <Text fw={650}>{group.name}</Text> : null}
    >
      {group && (
        <Stack gap="xl" data-testid="group-drawer">
          {group.description && (
            <Text size="sm" c="dimmed">
              {group.description}
            </Text>
          )}
          {failure !== null && (
            <Alert color="red" role="alert">
              {errorMessage(failure)}
            </Alert>
          )}
          <DrawerSection title={`Members (${group.members.length})`}>
            {users.isError ? (
              <Alert color="red">{errorMessage(users.error)}</Alert>
            ) : (
              <AddMember key={group.id} group={group} users={users.data ?? []} />
            )}
            {group.members.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nobody is in this group yet.
              </Text>
            ) : (
              <Stack gap={8} data-testid="group-members">
                {group.members.map((member) => (
                  <Group key={member.id} justify="space-between" wrap="nowrap" data-testid={`member-${member.email}`}>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar size={30} radius="xl" color="indigo">
                        {initials(member.display_name)}
                      </Avatar>
                      <div>
                        <Text size="sm" fw={500} lh={1.3}>
                          {member.display_name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {member.email}
                        </Text>
                      </div>
                    </Group>
                    <Tooltip label="Remove from the group" withArrow position="left">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${member.email} from ${group.name}`}
                        disabled={removeMember.isPending}
                        onClick={() => removeMember.mutate({ groupId: group.id, userId: member.id, add: false })}
                      >
                        <IconUserMinus size={16} stroke={1.6} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ))}
              </Stack>
            )}
          </DrawerSection>
          <DrawerSection title="Roles">
            <Text size="sm" c="dimmed">
              Everyone in the group holds these roles, from the moment they join until they leave.
            </Text>
            <GrantList
              grants={group.grants}
              workspaceNames={workspaceNames}
              onRemove={(grant) =>
                revoke.mutate({
                  target: { kind: 'group', id: group.id },
                  grant: false,
                  body: { role: grant.role, ...(grant.workspace ? { workspace: grant.workspace } : {}) },
                })
              }
              removing={revoke.isPending}
              empty="This group grants no roles yet."
              testId="group-roles"
            />
            <GrantForm key={group.id} target={{ kind: 'group', id: group.id }} workspaces={workspaces} />
          </DrawerSection>
        </Stack>
      )}
    </Drawer>
  );
}
