import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { WorkspaceGrantView } from '../../api/types';
import { roleLabel } from '../../layout/roles';
import { HolderLabel, holderName } from './HolderLabel';

function grantKey(grant: WorkspaceGrantView): string {
  return `${grant.role}@${grant.holder.type}:${grant.holder.id}`;
}

function RoleBadge({ grant }: { grant: WorkspaceGrantView }) {
  return (
    <Badge variant="light" color={grant.organisation_wide ? 'indigo' : 'gray'} radius="sm" tt="none" fw={500}>
      {roleLabel(grant.role)}
    </Badge>
  );
}

interface WorkspaceGrantsProps {
  grants: readonly WorkspaceGrantView[];
  onRevoke: (grant: WorkspaceGrantView) => void;
  revoking: boolean;
}

/** The grants given in a workspace, each with a Revoke button; organisation-wide ones apart and read-only. */
export function WorkspaceGrants({ grants, onRevoke, revoking }: WorkspaceGrantsProps) {
  const here = grants.filter((grant) => !grant.organisation_wide);
  const everywhere = grants.filter((grant) => grant.organisation_wide);
  return (
    <Stack gap="md">
      {here.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="workspace-no-grants">
          Nobody has a role here yet. Grant one below.
        </Text>
      ) : (
        <Stack gap={8} data-testid="workspace-grants">
          {here.map((grant) => (
            <Group key={grantKey(grant)} justify="space-between" wrap="nowrap" data-testid="workspace-grant">
              <HolderLabel holder={grant.holder} />
              <Group gap="xs" wrap="nowrap">
                <RoleBadge grant={grant} />
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  aria-label={`Revoke ${roleLabel(grant.role)} from ${holderName(grant.holder)}`}
                  disabled={revoking}
                  onClick={() => onRevoke(grant)}
                >
                  Revoke
                </Button>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {everywhere.length > 0 && (
        <Stack gap={8} data-testid="workspace-org-grants">
          <Text size="sm" fw={500}>
            Organisation-wide — applies in every workspace
          </Text>
          {everywhere.map((grant) => (
            <Group key={grantKey(grant)} justify="space-between" wrap="nowrap" data-testid="workspace-grant">
              <HolderLabel holder={grant.holder} />
              <RoleBadge grant={grant} />
            </Group>
          ))}
          <Text size="xs" c="dimmed">
            Change these on the Users tab, or on the Groups tab for a group.
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
