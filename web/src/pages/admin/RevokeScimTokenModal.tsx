import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../api/errors';
import type { ScimTokenView } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { useRevokeScimToken } from './queries';

interface RevokeScimTokenModalProps {
  /** The token to revoke; null when closed. */
  token: ScimTokenView | null;
  onClose: () => void;
  onDone: (token: ScimTokenView) => void;
}

/** Asks before revoking a SCIM token: the identity provider using it stops syncing at once. */
export function RevokeScimTokenModal({ token: current, onClose, onDone }: RevokeScimTokenModalProps) {
  const token = useLastValue(current);
  const revoke = useRevokeScimToken();
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Modal opened={current !== null} onClose={close} title={token ? `Revoke the SCIM token ${token.prefix}…?` : ''}>
      {token && (
        <Stack gap="md" data-testid="revoke-scim-confirm">
          <Text size="sm">
            The identity provider using <Code>{token.prefix}…</Code> is refused from now on: it can no longer create,
            update or deactivate people here. The people and groups it provisioned stay. This cannot be undone; you can
            create a new token instead.
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
                revoke.mutate(token.id, {
                  onSuccess: () => {
                    revoke.reset();
                    onDone(token);
                  },
                })
              }
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
