import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../api/errors';
import type { ApiKeyView } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { useRevokeApiKey } from './queries';

interface RevokeKeyModalProps {
  /** The key to revoke; null when closed. */
  apiKey: ApiKeyView | null;
  onClose: () => void;
  onDone: (key: ApiKeyView) => void;
}

/** Asks before revoking a key, saying that whatever uses it stops working at once. */
export function RevokeKeyModal({ apiKey: current, onClose, onDone }: RevokeKeyModalProps) {
  const key = useLastValue(current);
  const revoke = useRevokeApiKey();
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Modal opened={current !== null} onClose={close} title={key ? `Revoke the key “${key.name}”?` : ''}>
      {key && (
        <Stack gap="md" data-testid="revoke-confirm">
          <Text size="sm">
            Every script or system using the key <Code>{key.prefix}…</Code> is refused from now on. This cannot be undone;
            you can create a new key instead.
          </Text>
          {revoke.isError && (
            <Alert color="red" role="alert">
              {errorMessage(revoke.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(key.id, {
                  onSuccess: (revoked) => {
                    revoke.reset();
                    onDone(revoked);
                  },
                })
              }
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
