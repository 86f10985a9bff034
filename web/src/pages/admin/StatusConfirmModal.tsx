import { Text } from '@mantine/core';
import type { UserAccount } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useLastValue } from '../../components/useLastValue';
import { useSetDisabled } from './queries';

interface StatusConfirmModalProps {
  /** The account to disable (or enable, when it is disabled); null when closed. */
  user: UserAccount | null;
  onClose: () => void;
  onDone: (user: UserAccount) => void;
}

/** Asks before disabling or enabling an account, saying what happens to the person's sessions. */
export function StatusConfirmModal({ user: current, onClose, onDone }: StatusConfirmModalProps) {
  const user = useLastValue(current);
  const setDisabled = useSetDisabled();
  const disabling = user !== null && !user.disabled;
  const close = () => {
    setDisabled.reset();
    onClose();
  };
  const confirm = () => {
    if (!user) return;
    setDisabled.mutate(
      { id: user.id, disabled: disabling },
      {
        onSuccess: (updated) => {
          setDisabled.reset();
          onDone(updated);
        },
      },
    );
  };

  return (
    <ConfirmModal
      opened={current !== null}
      title={user ? `${disabling ? 'Disable' : 'Enable'} ${user.display_name}?` : ''}
      confirmLabel={disabling ? 'Disable and sign out' : 'Enable'}
      danger={disabling}
      pending={setDisabled.isPending}
      error={setDisabled.error}
      onConfirm={confirm}
      onClose={close}
      testId="status-confirm"
    >
      {user &&
        (disabling ? (
          <Text size="sm">
            {user.display_name} ({user.email}) will be signed out everywhere at once: every session they have ends now,
            and they cannot sign in again until an administrator enables the account.
          </Text>
        ) : (
          <Text size="sm">
            {user.display_name} ({user.email}) will be able to sign in again with the roles they had before.
          </Text>
        ))}
    </ConfirmModal>
  );
}
