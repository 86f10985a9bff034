import { Alert, Code, Divider, Drawer, Group, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../api/errors';
import type { WorkspaceGrantView, WorkspaceSummary } from '../../api/types';
import { QueryState } from '../../components/QueryState';
import { useLastValue } from '../../components/useLastValue';
import { DrawerSection } from './DrawerSection';
import { GrantInWorkspaceForm } from './GrantInWorkspaceForm';
import { useSetGrant } from './queries';
import { WorkspaceGrants } from './WorkspaceGrants';
import { WorkspaceMembers } from './WorkspaceMembers';
import { useWorkspaceMembers } from './workspaceQueries';

interface WorkspaceDrawerProps {
  /** The workspace shown; null when closed. */
  workspace: WorkspaceSummary | null;
  onClose: () => void;
}

/** One workspace: the roles given in it (grant, revoke) and everyone they reach. */
export function WorkspaceDrawer({ workspace: current, onClose }: WorkspaceDrawerProps) {
  const workspace = useLastValue(current);
  const members = useWorkspaceMembers(workspace?.slug ?? null);
  const revoke = useSetGrant();
  const close = () => {
    revoke.reset();
    onClose();
  };
  const revokeGrant = (grant: WorkspaceGrantView) => {
    if (!workspace) return;
    revoke.mutate({
      target: { kind: grant.holder.type === 'group' ? 'group' : 'user', id: grant.holder.id },
      grant: false,
      body: { role: grant.role, workspace: workspace.slug },
    });
  };

  return (
    <Drawer
      opened={current !== null}
      onClose={close}
      position="right"
      size="lg"
      title={
        workspace ? (
          <Group gap="sm">
            <Text fw={650}>{workspace.name}</Text>
            <Code>{workspace.slug}</Code>
          </Group>
        ) : null
      }
    >
      {workspace && (
        <Stack gap="xl" data-testid="workspace-drawer">
          <QueryState query={members} errorTitle="Who has access could not be loaded" loadingLabel="Loading who has access" framed={false}>
            {revoke.isError && (
              <Alert color="red" role="alert">
                {errorMessage(revoke.error)}
              </Alert>
            )}
            <DrawerSection title="Grants in this workspace" testId="workspace-grants-section">
              <WorkspaceGrants grants={members.data?.grants ?? []} onRevoke={revokeGrant} revoking={revoke.isPending} />
            </DrawerSection>
            <Divider />
            <DrawerSection title="Grant a role here">
              <GrantInWorkspaceForm key={workspace.slug} slug={workspace.slug} name={workspace.name} />
            </DrawerSection>
            <Divider />
            <DrawerSection title={`Who has access (${members.data?.members.length ?? 0})`}>
              <Text size="sm" c="dimmed">
                Every account that can act here, with each role and where it comes from.
              </Text>
              <WorkspaceMembers members={members.data?.members ?? []} />
            </DrawerSection>
          </QueryState>
        </Stack>
      )}
    </Drawer>
  );
}
