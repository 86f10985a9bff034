import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { UserAccount } from '../../api/types';
import { MIN_PASSWORD_LENGTH, passwordHint } from '../../components/password';
import { useLastValue } from '../../components/useLastValue';
import { useResetPassword } from './queries';

interface FormProps {
  user: UserAccount;
  onClose: () => void;
  onDone: (user: UserAccount) => void;
}

function ResetPasswordForm({ user, onClose, onDone }: FormProps) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      setFieldError(`Use at least ${MIN_PASSWORD_LENGTH} characters`);
      return;
    }
    reset.mutate(
      { id: user.id, password },
      {
        onSuccess: () => onDone(user),
        onError: (error) => {
          if (error instanceof ApiError && error.field === 'password') setFieldError(error.fieldMessage);
        },
      },
    );
  };
  const otherError = reset.isError && !(reset.error instanceof ApiError && reset.error.field === 'password');

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {user.has_password
            ? `Sets a new password for ${user.email}. Every session they have ends at once; tell them the new password through a channel you trust.`
            : `${user.email} signs in through single sign-on. Setting a password also lets them sign in with it; every session they have ends at once.`}
        </Text>
        {otherError && (
          <Alert color="red" role="alert">
            {errorMessage(reset.error)}
          </Alert>
        )}
        <PasswordInput
          label="New password"
          description={passwordHint(password)}
          required
          data-autofocus
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setFieldError(null);
          }}
          error={fieldError}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={reset.isPending}>
            Set password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ResetPasswordModal({ user: current, ...props }: Omit<FormProps, 'user'> & { user: UserAccount | null }) {
  const user = useLastValue(current);
  return (
    <Modal opened={current !== null} onClose={props.onClose} title={user ? `Reset the password of ${user.display_name}` : ''}>
      {user && <ResetPasswordForm key={user.id} user={user} {...props} />}
    </Modal>
  );
}
