import { Alert, Badge, Button, Code, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconCircleCheck, IconKey, IconPlus } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import type { ApiKeyView } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { permissionLabel } from './permissions';
import { useApiKeys } from './queries';
import { RevokeKeyModal } from './RevokeKeyModal';

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

function Limits({ apiKey, workspaceNames }: { apiKey: ApiKeyView; workspaceNames: ReadonlyMap<string, string> }) {
  const permissions = apiKey.permissions ?? [];
  const workspaces = apiKey.workspaces ?? [];
  if (permissions.length === 0 && workspaces.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Everything you can do
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

function KeyTable({
  keys,
  workspaceNames,
  onRevoke,
}: {
  keys: readonly ApiKeyView[];
  workspaceNames: ReadonlyMap<string, string>;
  onRevoke: (key: ApiKeyView) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={920} type="native">
      <Table verticalSpacing="sm" data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Limits</Table.Th>
            <Table.Th>Created</Table.Th>
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
                  <Limits apiKey={key} workspaceNames={workspaceNames} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatted(MOMENT, key.created_at)}>
                    {formatted(DAY, key.created_at)}
                  </Text>
                </Table.Td>
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

/** The signed-in person's API keys: list, create (token shown once) and revoke. Used in Settings and in Admin. */
export function ApiKeysPanel({ note }: { note?: ReactNode }) {
  const me = useCurrentUser();
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const workspaceNames = useMemo(() => new Map(me.workspaces.map((w) => [w.slug, w.name])), [me.workspaces]);
  const list = keys.data ?? [];
  const createButton = (
    <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={() => setCreating(true)}>
      Create key
    </Button>
  );

  let body;
  if (list.length === 0) {
    body = (
      <EmptyState icon={IconKey} title="No API keys yet" action={createButton} testId="api-keys-empty">
        Create a key for a script or another system that calls Paddock for you. You see its token once, when you create
        it.
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <KeyTable keys={list} workspaceNames={workspaceNames} onRevoke={setRevoking} />
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
          data-testid="api-keys-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" align="center" mb="md" wrap="wrap">
        <Text size="sm" c="dimmed" maw={680}>
          {note ?? "You see a key's token only once, when you create it."}
        </Text>
        {!keys.isPending && !(keys.isSuccess && list.length === 0) && createButton}
      </Group>
      <QueryState query={keys} errorTitle="Your keys could not be loaded" loadingLabel="Loading API keys">
        {body}
      </QueryState>
      <CreateApiKeyModal opened={creating} workspaces={me.workspaces} onClose={() => setCreating(false)} />
      <RevokeKeyModal
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onDone={(key) => {
          setRevoking(null);
          setNotice(`The key “${key.name}” is revoked; anything still using it is refused.`);
        }}
      />
    </>
  );
}
