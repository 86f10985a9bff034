import { Code, Text } from '@mantine/core';
import type { ApiKeyView } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
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
  const confirm = () => {
    if (!key) return;
    revoke.mutate(key.id, {
      onSuccess: (revoked) => {
        revoke.reset();
        onDone(revoked);
      },
    });
  };

  return (
    <ConfirmModal
      opened={current !== null}
      title={key ? `Revoke the key “${key.name}”?` : ''}
      confirmLabel="Revoke key"
      danger
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={confirm}
      onClose={close}
      testId="revoke-confirm"
    >
      {key && (
        <Text size="sm">
          Every script or system using the key <Code>{key.prefix}…</Code> is refused from now on. This cannot be undone;
          you can create a new key instead.
        </Text>
      )}
    </ConfirmModal>
  );
}
