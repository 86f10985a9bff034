import { Text } from '@mantine/core';
import type { UserAccount } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useLastValue } from '../../components/useLastValue';
import { useSetDisabled } from './queries';

/** The account whose status changes: a person's, or a service account's (`email` is its address). */
export type StatusTarget = Pick<UserAccount, 'id' | 'email' | 'display_name' | 'disabled'>;

interface StatusConfirmModalProps {
  /** The account to disable (or enable, when it is disabled); null when closed. */
  user: StatusTarget | null;
  /** Whether it is a service account, which has keys rather than sessions. */
  service?: boolean;
  onClose: () => void;
  onDone: (user: UserAccount) => void;
}

function Consequence({ user, disabling, service }: { user: StatusTarget; disabling: boolean; service: boolean }) {
  const who = `${user.display_name} (${user.email})`;
  if (service) {
    return (
      <Text size="sm">
        {disabling
          ? `Every API key of ${who} is refused from now on, until an administrator enables it again. Its keys and roles are kept.`
          : `${who} can use its keys again, with the roles it had before.`}
      </Text>
    );
  }
  return (
    <Text size="sm">
      {disabling
        ? `${who} will be signed out everywhere at once: every session they have ends now, and they cannot sign in again until an administrator enables the account.`
        : `${who} will be able to sign in again with the roles they had before.`}
    </Text>
  );
}

/** Asks before disabling or enabling an account, saying what happens to the person's sessions or the service account's keys. */
export function StatusConfirmModal({ user: current, service = false, onClose, onDone }: StatusConfirmModalProps) {
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
      confirmLabel={disabling ? (service ? 'Disable' : 'Disable and sign out') : 'Enable'}
      danger={disabling}
      pending={setDisabled.isPending}
      error={setDisabled.error}
      onConfirm={confirm}
      onClose={close}
      testId="status-confirm"
    >
      {user && <Consequence user={user} disabling={disabling} service={service} />}
    </ConfirmModal>
  );
}
