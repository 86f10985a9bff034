import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../api/errors';
import type { UserAccount } from '../../api/types';
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

  return (
    <Modal opened={current !== null} onClose={close} title={user ? `${disabling ? 'Disable' : 'Enable'} ${user.display_name}?` : ''}>
      {user && (
        <Stack gap="md" data-testid="status-confirm">
          {disabling ? (
            <Text size="sm">
              {user.display_name} ({user.email}) will be signed out everywhere at once: every session they have ends
              now, and they cannot sign in again until an administrator enables the account.
            </Text>
          ) : (
            <Text size="sm">
              {user.display_name} ({user.email}) will be able to sign in again with the roles they had before.
            </Text>
          )}
          {setDisabled.isError && (
            <Alert color="red" role="alert">
              {errorMessage(setDisabled.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color={disabling ? 'red' : undefined}
              loading={setDisabled.isPending}
              onClick={() =>
                setDisabled.mutate(
                  { id: user.id, disabled: disabling },
                  {
                    onSuccess: (updated) => {
                      setDisabled.reset();
                      onDone(updated);
                    },
                  },
                )
              }
            >
              {disabling ? 'Disable and sign out' : 'Enable'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
