import { Alert, Button, Group, Paper, Text } from '@mantine/core';
import { IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiKeyView, ServiceAccountView, WorkspaceSummary } from '../../api/types';
import { CreateApiKeyModal } from '../apikeys/CreateApiKeyModal';
import { KeyTable } from '../apikeys/KeyTable';
import { RevokeKeyModal } from '../apikeys/RevokeKeyModal';

/** The workspaces the service account's roles reach: all of them with an organisation-wide role. */
function reachedWorkspaces(account: ServiceAccountView, workspaces: readonly WorkspaceSummary[]): WorkspaceSummary[] {
  if (account.grants.some((grant) => !grant.workspace)) return [...workspaces];
  const slugs = new Set(account.grants.map((grant) => grant.workspace));
  return workspaces.filter((workspace) => slugs.has(workspace.slug));
}

interface ServiceAccountKeysProps {
  account: ServiceAccountView;
  workspaces: readonly WorkspaceSummary[];
  workspaceNames: ReadonlyMap<string, string>;
}

/** A service account's keys: list, a new key (its token shown once) and revoking. */
export function ServiceAccountKeys({ account, workspaces, workspaceNames }: ServiceAccountKeysProps) {
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  let hint: string | null = null;
  if (account.disabled) hint = 'Enable the service account before giving it a key.';
  else if (account.grants.length === 0) hint = 'It has no roles yet, so a key could do nothing: grant it a role first.';

  return (
    <>
      {notice !== null && (
        <Alert color="green" icon={<IconCircleCheck />} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} role="status" data-testid="service-account-keys-notice">
          {notice}
        </Alert>
      )}
      <Group justify="space-between" align="center" wrap="nowrap" gap="md">
        <Text size="xs" c="dimmed">
          {hint ?? "A key acts as this service account, never with more than its roles. You see a key's token only once."}
        </Text>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} stroke={1.8} />}
          onClick={() => setCreating(true)}
          disabled={account.disabled}
          style={{ flexShrink: 0 }}
        >
          New key
        </Button>
      </Group>
      {account.keys.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="service-account-no-keys">
          No keys yet.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <KeyTable keys={account.keys} workspaceNames={workspaceNames} unlimited="Everything it can do" compact onRevoke={setRevoking} />
        </Paper>
      )}
      <CreateApiKeyModal
        opened={creating}
        workspaces={reachedWorkspaces(account, workspaces)}
        serviceAccount={account}
        onClose={() => setCreating(false)}
      />
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
