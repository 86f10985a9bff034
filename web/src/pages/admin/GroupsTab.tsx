import { Alert, Button, Group, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight, IconCircleCheck, IconUsersGroup, IconUsersPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { CreateGroupModal } from './CreateGroupModal';
import { GroupDrawer } from './GroupDrawer';
import { GrantBadge, grantKey } from './GrantList';
import { useGroups } from './queries';

/** The Groups tab of the Admin page: teams that hold roles together, each opened in a drawer. */
export function GroupsTab() {
  const me = useCurrentUser();
  const groups = useGroups();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const workspaceNames = useMemo(() => new Map(me.workspaces.map((w) => [w.slug, w.name])), [me.workspaces]);
  const list = groups.data ?? [];
  const createButton = (
    <Button leftSection={<IconUsersPlus size={18} stroke={1.6} />} onClick={() => setCreating(true)}>
      Create group
    </Button>
  );

  let body;
  if (list.length === 0) {
    body = (
      <EmptyState icon={IconUsersGroup} title="No groups yet" action={createButton} testId="groups-empty">
        A group grants its roles to everyone in it, so you give a whole team access at once and take it away by
        removing someone from the group.
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={720} type="native">
          <Table verticalSpacing="sm" highlightOnHover data-testid="groups-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th w={110}>Members</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((group) => (
                <Table.Tr
                  key={group.id}
                  data-testid={`group-row-${group.name}`}
                  onClick={() => setOpenId(group.id)}
                  style={{ cursor: 'pointer' }}
                >
                  <Table.Td>
                    <UnstyledButton
                      onClick={(event) => {
                        event.stopPropagation();
                        setOpenId(group.id);
                      }}
                      aria-label={`Open group ${group.name}`}
                    >
                      <Text size="sm" fw={500}>
                        {group.name}
                      </Text>
                    </UnstyledButton>
                    {group.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {group.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={group.members.length === 0 ? 'dimmed' : undefined}>
                      {group.members.length === 1 ? '1 person' : `${group.members.length} people`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {group.grants.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No roles
                      </Text>
                    ) : (
                      <Group gap={6}>
                        {group.grants.map((grant) => (
                          <GrantBadge key={grantKey(grant)} grant={grant} workspaceNames={workspaceNames} />
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <IconChevronRight size={16} stroke={1.6} color="var(--mantine-color-dimmed)" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

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
          data-testid="groups-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Everyone in a group holds the group&apos;s roles. Open a group to change its members and roles.
        </Text>
        {!groups.isPending && !(groups.isSuccess && list.length === 0) && createButton}
      </Group>
      <QueryState query={groups} errorTitle="The groups could not be loaded" loadingLabel="Loading groups">
        {body}
      </QueryState>
      <CreateGroupModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(group) => {
          setCreating(false);
          setNotice(`The group ${group.name} is created. Add its members and roles.`);
          setOpenId(group.id);
        }}
      />
      <GroupDrawer
        group={list.find((group) => group.id === openId) ?? null}
        workspaces={me.workspaces}
        workspaceNames={workspaceNames}
        onClose={() => setOpenId(null)}
      />
    </>
  );
}
