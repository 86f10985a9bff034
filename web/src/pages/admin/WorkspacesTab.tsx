import { Alert, Button, Code, Group, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight, IconCircleCheck, IconFolderPlus, IconFolders } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { CreateWorkspaceModal } from './CreateWorkspaceModal';
import { WorkspaceDrawer } from './WorkspaceDrawer';
import { useWorkspaces } from './workspaceQueries';

function accounts(count: number): string {
  if (count === 0) return 'Nobody yet';
  return count === 1 ? '1 account' : `${count} accounts`;
}

/** The Workspaces tab of the Admin page: every workspace, each opened in a drawer to see and change who holds which role. */
export function WorkspacesTab() {
  const workspaces = useWorkspaces();
  const [creating, setCreating] = useState(false);
  const [openSlug, setOpenSlug] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = workspaces.data ?? [];
  const createButton = (
    <Button leftSection={<IconFolderPlus size={18} stroke={1.6} />} onClick={() => setCreating(true)}>
      New workspace
    </Button>
  );

  let body;
  if (list.length === 0) {
    body = (
      <EmptyState icon={IconFolders} title="No workspaces yet" action={createButton} testId="workspaces-empty">
        A workspace is where a team builds and runs its workflows. Create one, then decide who works in it and with
        which role.
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={560} type="native">
          <Table verticalSpacing="sm" highlightOnHover data-testid="workspaces-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workspace</Table.Th>
                <Table.Th>Short name</Table.Th>
                <Table.Th w={160}>Members</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((workspace) => (
                <Table.Tr
                  key={workspace.slug}
                  data-testid={`workspace-row-${workspace.slug}`}
                  onClick={() => setOpenSlug(workspace.slug)}
                  style={{ cursor: 'pointer' }}
                >
                  <Table.Td>
                    <UnstyledButton
                      onClick={(event) => {
                        event.stopPropagation();
                        setOpenSlug(workspace.slug);
                      }}
                      aria-label={`Open workspace ${workspace.name}`}
                    >
                      <Text size="sm" fw={500}>
                        {workspace.name}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Code>{workspace.slug}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={workspace.members === 0 ? 'dimmed' : undefined}>
                      {accounts(workspace.members)}
                    </Text>
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
          data-testid="workspaces-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Members are the accounts with a role given in the workspace, directly or through a group. Open a workspace to
          see who has access and to grant or revoke roles.
        </Text>
        {!workspaces.isPending && !(workspaces.isSuccess && list.length === 0) && createButton}
      </Group>
      <QueryState query={workspaces} errorTitle="The workspaces could not be loaded" loadingLabel="Loading workspaces">
        {body}
      </QueryState>
      <CreateWorkspaceModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(workspace) => {
          setCreating(false);
          setNotice(`The workspace ${workspace.name} is created. Nobody has a role in it yet: grant one.`);
          setOpenSlug(workspace.slug);
        }}
      />
      <WorkspaceDrawer workspace={list.find((workspace) => workspace.slug === openSlug) ?? null} onClose={() => setOpenSlug(null)} />
    </>
  );
}
