import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlugConnected, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ConnectionView } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { ConnectionBindings } from './ConnectionBindings';
import { ConnectionFormDrawer } from './ConnectionFormDrawer';
import { useConnections, useTestConnection } from './connectionQueries';
import { ConnectionTable } from './ConnectionTable';
import { ConnectionTestModal } from './ConnectionTestModal';
import { DeleteConnectionModal } from './DeleteConnectionModal';
import { useWorkspaces } from './workspaceQueries';

/**
 * The Connections tab of the Admin page: the outside systems workflows may call (HTTP APIs, mail servers), each with
 * its credential (never shown) and policy, and which connection each alias means per workspace and environment.
 */
export function ConnectionsTab() {
  const connections = useConnections();
  const workspaces = useWorkspaces();
  const test = useTestConnection();
  const [form, setForm] = useState<{ opened: boolean; connection: ConnectionView | null; key: number }>({
    opened: false,
    connection: null,
    key: 0,
  });
  const [testing, setTesting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = connections.data ?? [];
  const workspaceList = workspaces.data ?? [];
  const workspaceNames = useMemo(() => new Map(workspaceList.map((w) => [w.slug, w.name])), [workspaceList]);

  const openForm = (connection: ConnectionView | null) => setForm((current) => ({ opened: true, connection, key: current.key + 1 }));
  const runTest = (name: string) => {
    setTesting(name);
    test.reset();
    test.mutate(name);
  };
  const addButton = (
    <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={() => openForm(null)}>
      New connection
    </Button>
  );

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
          data-testid="connections-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
        <Text size="sm" c="dimmed" maw={680}>
          The outside systems workflows may call, such as a ticketing tool or a mail server: where each is, how Paddock
          signs in, what data may go there and which workspaces may use it.
        </Text>
        {!connections.isPending && !(connections.isSuccess && list.length === 0) && addButton}
      </Group>
      <QueryState query={connections} errorTitle="The connections could not be loaded" loadingLabel="Loading connections">
        {list.length === 0 ? (
          <EmptyState icon={IconPlugConnected} title="No connections yet" action={addButton} testId="connections-empty">
            IT connects Paddock to systems like a ticketing tool or a mail server; workflows name a connection by alias
            (such as tickets), and each environment binds the alias to a real connection: a sandbox in development, the real
            system in production. Credentials stay here and are never shown to builders.
          </EmptyState>
        ) : (
          <Stack gap={48}>
            <Paper withBorder radius="md">
              <ConnectionTable
                connections={list}
                workspaceNames={workspaceNames}
                testing={test.isPending ? testing : null}
                onEdit={openForm}
                onTest={(connection) => runTest(connection.name)}
                onDelete={setDeleting}
              />
            </Paper>
            <ConnectionBindings connections={list} workspaces={workspaceList} />
          </Stack>
        )}
      </QueryState>
      <ConnectionFormDrawer
        opened={form.opened}
        connection={form.connection}
        formKey={form.key}
        workspaces={workspaceList}
        onClose={() => setForm((current) => ({ ...current, opened: false }))}
        onSaved={(connection, created) => {
          setForm((current) => ({ ...current, opened: false }));
          setNotice(
            created
              ? `The connection ${connection.name} is created. Test it to check that the system answers, then bind an alias to it below.`
              : `Your changes to ${connection.name} are saved.`,
          );
        }}
      />
      <ConnectionTestModal
        name={testing}
        pending={test.isPending}
        result={test.data}
        error={test.error}
        onRetry={() => testing !== null && runTest(testing)}
        onClose={() => {
          setTesting(null);
          test.reset();
        }}
      />
      <DeleteConnectionModal
        connection={deleting}
        workspaceNames={workspaceNames}
        onClose={() => setDeleting(null)}
        onDeleted={(name) => {
          setDeleting(null);
          setNotice(`The connection ${name} is deleted, with its bindings.`);
        }}
      />
    </>
  );
}
