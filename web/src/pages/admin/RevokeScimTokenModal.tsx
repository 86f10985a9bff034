import { Code, Text } from '@mantine/core';
import type { ScimTokenView } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
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
  const confirm = () => {
    if (!token) return;
    revoke.mutate(token.id, {
      onSuccess: () => {
        revoke.reset();
        onDone(token);
      },
    });
  };

  return (
    <ConfirmModal
      opened={current !== null}
      title={token ? `Revoke the SCIM token ${token.prefix}…?` : ''}
      confirmLabel="Revoke token"
      danger
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={confirm}
      onClose={close}
      testId="revoke-scim-confirm"
    >
      {token && (
        <Text size="sm">
          The identity provider using <Code>{token.prefix}…</Code> is refused from now on: it can no longer create,
          update or deactivate people here. The people and groups it provisioned stay. This cannot be undone; you can
          create a new token instead.
        </Text>
      )}
    </ConfirmModal>
  );
}
