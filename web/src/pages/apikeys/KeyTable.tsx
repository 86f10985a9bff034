import { Badge, Button, Code, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ApiKeyView } from '../../api/types';
import { permissionLabel } from './permissions';

const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatted(format: Intl.DateTimeFormat, rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : format.format(date);
}

const STATUS: Record<string, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  expired: { label: 'Expired', color: 'gray' },
  revoked: { label: 'Revoked', color: 'red' },
};

function StatusBadge({ status }: { status: string }) {
  const { label, color } = STATUS[status] ?? { label: status, color: 'gray' };
  return (
    <Badge variant="dot" color={color} tt="none" fw={500} data-status={status}>
      {label}
    </Badge>
  );
}

interface LimitsProps {
  apiKey: ApiKeyView;
  workspaceNames: ReadonlyMap<string, string>;
  unlimited: string;
}

function Limits({ apiKey, workspaceNames, unlimited }: LimitsProps) {
  const permissions = apiKey.permissions ?? [];
  const workspaces = apiKey.workspaces ?? [];
  if (permissions.length === 0 && workspaces.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {unlimited}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {permissions.map((name) => (
        <Badge key={name} variant="light" color="violet" radius="sm" tt="none" fw={500}>
          {permissionLabel(name)}
        </Badge>
      ))}
      {workspaces.map((slug) => (
        <Badge key={slug} variant="light" color="gray" radius="sm" tt="none" fw={500}>
          {workspaceNames.get(slug) ?? slug}
        </Badge>
      ))}
    </Group>
  );
}

interface KeyTableProps {
  keys: readonly ApiKeyView[];
  workspaceNames: ReadonlyMap<string, string>;
  /** What a key without limits may do, e.g. "Everything you can do". */
  unlimited: string;
  /** Without the Created column, to fit a drawer. */
  compact?: boolean;
  onRevoke: (key: ApiKeyView) => void;
}

/** API keys with their prefix, limits, dates and status; active ones with a Revoke button. */
export function KeyTable({ keys, workspaceNames, unlimited, compact = false, onRevoke }: KeyTableProps) {
  return (
    <Table.ScrollContainer minWidth={compact ? 640 : 920} type="native">
      <Table verticalSpacing="sm" data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Limits</Table.Th>
            {!compact && <Table.Th>Created</Table.Th>}
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th w={90}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const active = key.status === 'active';
            return (
              <Table.Tr key={key.id} data-testid={`api-key-row-${key.name}`}>
                <Table.Td>
                  <Text size="sm" fw={500} c={active ? undefined : 'dimmed'}>
                    {key.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code style={{ whiteSpace: 'nowrap' }}>{key.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Limits apiKey={key} workspaceNames={workspaceNames} unlimited={unlimited} />
                </Table.Td>
                {!compact && (
                  <Table.Td>
                    <Text size="sm" title={formatted(MOMENT, key.created_at)}>
                      {formatted(DAY, key.created_at)}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" c={key.expires_at ? undefined : 'dimmed'}>
                    {key.expires_at ? formatted(DAY, key.expires_at) : 'Never'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={key.last_used_at ? undefined : 'dimmed'}>
                    {key.last_used_at ? formatted(MOMENT, key.last_used_at) : 'Never'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={key.status} />
                </Table.Td>
                <Table.Td>
                  {active && (
                    <Button variant="subtle" color="red" size="compact-sm" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
