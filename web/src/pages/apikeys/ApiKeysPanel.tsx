import { Alert, Button, Group, Paper, Text } from '@mantine/core';
import { IconCircleCheck, IconKey, IconPlus } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import type { ApiKeyView } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { KeyTable } from './KeyTable';
import { useApiKeys } from './queries';
import { RevokeKeyModal } from './RevokeKeyModal';

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
        <KeyTable keys={list} workspaceNames={workspaceNames} unlimited="Everything you can do" onRevoke={setRevoking} />
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
