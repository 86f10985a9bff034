import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconUsersGroup, IconX } from '@tabler/icons-react';
import type { Grant } from '../../api/types';
import { roleLabel } from '../../layout/roles';
import { scopeLabel } from './roles';

/** "Builder · Claims". */
export function grantLabel(grant: Grant, workspaceNames: ReadonlyMap<string, string>): string {
  return `${roleLabel(grant.role)} · ${scopeLabel(grant, workspaceNames)}`;
}

export function grantKey(grant: Grant): string {
  return `${grant.role}@${grant.workspace ?? ''}@${grant.via_group ?? ''}`;
}

/** A role as a badge: solid-ish when held directly, outlined with a group icon and a tooltip when it comes through a group. */
export function GrantBadge({ grant, workspaceNames }: { grant: Grant; workspaceNames: ReadonlyMap<string, string> }) {
  const label = grantLabel(grant, workspaceNames);
  if (grant.via_group) {
    return (
      <Tooltip label={`Through group ${grant.via_group}`} withArrow>
        <Badge
          variant="outline"
          color="gray"
          radius="sm"
          tt="none"
          fw={500}
          c="dimmed"
          leftSection={<IconUsersGroup size={12} stroke={1.8} />}
          style={{ borderStyle: 'dashed' }}
          data-via-group={grant.via_group}
        >
          {label}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge variant="light" color={grant.workspace ? 'gray' : 'indigo'} radius="sm" tt="none" fw={500}>
      {label}
    </Badge>
  );
}

interface GrantListProps {
  grants: readonly Grant[];
  workspaceNames: ReadonlyMap<string, string>;
  /** Removes a role; not offered for roles that come through a group. */
  onRemove?: (grant: Grant) => void;
  removing?: boolean;
  empty: string;
  testId?: string;
}

/** One line per role, each with a small remove button (inherited roles read-only, naming their group). */
export function GrantList({ grants, workspaceNames, onRemove, removing, empty, testId }: GrantListProps) {
  if (grants.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid={testId}>
      {grants.map((grant) => {
        const label = grantLabel(grant, workspaceNames);
        return (
          <Group key={grantKey(grant)} justify="space-between" wrap="nowrap" gap="xs" data-testid="grant-item">
            <Group gap="xs" wrap="nowrap">
              <GrantBadge grant={grant} workspaceNames={workspaceNames} />
              {grant.via_group && (
                <Text size="xs" c="dimmed">
                  through group {grant.via_group}
                </Text>
              )}
            </Group>
            {onRemove && !grant.via_group && (
              <Tooltip label="Remove this role" withArrow position="left">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={`Remove ${label}`}
                  disabled={removing}
                  onClick={() => onRemove(grant)}
                >
                  <IconX size={14} stroke={1.8} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
