import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { ApiError, apiError, errorMessage } from '../api/errors';
import { MIN_PASSWORD_LENGTH, passwordHint } from '../components/password';

type Field = 'current_password' | 'new_password' | 'repeat';
type FieldErrors = Partial<Record<Field, string>>;

function useChangeOwnPassword() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (body: { current_password: string; new_password: string }): Promise<void> => {
      const { error, response } = await client.POST('/api/v1/me/password', { body });
      if (!response.ok) throw apiError(error, response);
    },
    gcTime: 0,
  });
}

function ChangePasswordForm({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const change = useChangeOwnPassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const edit = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!current) found.current_password = 'Enter the password you signed in with';
    if (next.length < MIN_PASSWORD_LENGTH) found.new_password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
    if (repeat !== next) found.repeat = 'The two new passwords are not the same';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: onChanged,
        onError: (error) => {
          const field = error instanceof ApiError ? error.field : undefined;
          if (error instanceof ApiError && (field === 'current_password' || field === 'new_password')) {
            setErrors({ [field]: error.fieldMessage });
          } else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="change-password-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          You stay signed in here; your sessions in other browsers end.
        </Text>
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <PasswordInput
          label="Current password"
          required
          data-autofocus
          autoComplete="current-password"
          value={current}
          onChange={(e) => {
            setCurrent(e.currentTarget.value);
            edit('current_password');
          }}
          error={errors.current_password}
        />
        <PasswordInput
          label="New password"
          description={passwordHint(next)}
          required
          autoComplete="new-password"
          value={next}
          onChange={(e) => {
            setNext(e.currentTarget.value);
            edit('new_password');
          }}
          error={errors.new_password}
        />
        <PasswordInput
          label="Repeat the new password"
          required
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => {
            setRepeat(e.currentTarget.value);
            edit('repeat');
          }}
          error={errors.repeat}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ChangePasswordContent({ onClose }: { onClose: () => void }) {
  const [done, setDone] = useState(false);
  if (!done) return <ChangePasswordForm onClose={onClose} onChanged={() => setDone(true)} />;
  return (
    <Stack gap="md">
      <Alert color="green" icon={<IconCircleCheck />} title="Your password is changed" role="status" data-testid="password-changed">
        Use the new one the next time you sign in. Any sessions you had in other browsers have ended.
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

/** Lets the signed-in person change their own password. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change your password">
      <ChangePasswordContent onClose={onClose} />
    </Modal>
  );
}
