import { Badge, Group, Stack, Text } from '@mantine/core';
import type { MemberRoleView, MemberView } from '../../api/types';
import { roleLabel } from '../../layout/roles';
import { HolderLabel } from './HolderLabel';

/** Where a role comes from: "direct", "via Claims builders", "organisation-wide" (or both of the last). */
export function roleSource(role: MemberRoleView): string {
  const via = role.via_group ? `via ${role.via_group}` : null;
  if (role.organisation_wide) return via ? `organisation-wide, ${via}` : 'organisation-wide';
  return via ?? 'direct';
}

function RoleChip({ role }: { role: MemberRoleView }) {
  const label = `${roleLabel(role.role)} · ${roleSource(role)}`;
  if (role.via_group) {
    return (
      <Badge variant="outline" color="gray" radius="sm" tt="none" fw={500} c="dimmed" style={{ borderStyle: 'dashed' }}>
        {label}
      </Badge>
    );
  }
  return (
    <Badge variant="light" color={role.organisation_wide ? 'indigo' : 'gray'} radius="sm" tt="none" fw={500}>
      {label}
    </Badge>
  );
}

/** Every account that can act in the workspace, with each of its roles there and where it comes from. */
export function WorkspaceMembers({ members }: { members: readonly MemberView[] }) {
  if (members.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="workspace-members">
        Nobody can act in this workspace yet.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="workspace-members">
      {members.map((member) => (
        <Stack
          key={member.account.id}
          gap={6}
          data-testid={`workspace-member-${member.account.type === 'account' ? member.account.email : member.account.name}`}
        >
          <HolderLabel holder={member.account} />
          <Group gap={6} pl={42}>
            {member.roles.map((role) => (
              <RoleChip key={`${role.role}@${role.via_group ?? ''}@${role.organisation_wide}`} role={role} />
            ))}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
