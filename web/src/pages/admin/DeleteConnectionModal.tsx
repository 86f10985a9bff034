import { Code, List, Stack, Text } from '@mantine/core';
import type { ConnectionView } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useLastValue } from '../../components/useLastValue';
import { useDeleteConnection } from './connectionQueries';
import { environmentName } from './connections';

interface DeleteConnectionModalProps {
  /** The connection to delete; null when closed. */
  connection: ConnectionView | null;
  workspaceNames: ReadonlyMap<string, string>;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

/** Asks before removing a connection, saying that its bindings go with it and what stops working. */
export function DeleteConnectionModal({ connection: current, workspaceNames, onClose, onDeleted }: DeleteConnectionModalProps) {
  const connection = useLastValue(current);
  const remove = useDeleteConnection();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!connection) return;
    remove.mutate(connection.name, {
      onSuccess: () => {
        remove.reset();
        onDeleted(connection.name);
      },
    });
  };
  const bindings = connection?.bindings ?? [];

  return (
    <ConfirmModal
      opened={current !== null}
      title={connection ? `Delete the connection ${connection.name}?` : ''}
      confirmLabel="Delete connection"
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={confirm}
      onClose={close}
      testId="delete-connection-confirm"
    >
      {connection && (
        <Stack gap="xs">
          {bindings.length === 0 ? (
            <Text size="sm">No alias is bound to it, so no workflow calls it now.</Text>
          ) : (
            <>
              <Text size="sm">
                {bindings.length === 1 ? 'Its binding goes with it' : `Its ${bindings.length} bindings go with it`}: workflows
                that call these aliases will fail until someone binds them to another connection.
              </Text>
              <List size="sm" spacing={2}>
                {bindings.map((b) => (
                  <List.Item key={`${b.workspace}/${b.environment}/${b.alias}`}>
                    <Code>{b.alias}</Code> in {workspaceNames.get(b.workspace) ?? b.workspace}, {environmentName(b.environment)}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Text size="sm" c="dimmed">
            Its stored credential is destroyed. Past runs keep their records.
          </Text>
        </Stack>
      )}
    </ConfirmModal>
  );
}
