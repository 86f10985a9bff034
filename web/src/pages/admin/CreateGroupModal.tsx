import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import type { GroupView } from '../../api/types';
import { useCreateGroup } from './queries';

type Field = 'name' | 'description';

function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.field === 'name' || error.field === 'description') return error.field;
  if (error.code === 'already_exists') return 'name';
  return undefined;
}

interface FormProps {
  onClose: () => void;
  onCreated: (group: GroupView) => void;
}

function CreateGroupForm({ onClose, onCreated }: FormProps) {
  const create = useCreateGroup();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setErrors({ name: 'Give the group a name' });
      return;
    }
    setErrors({});
    create.mutate(
      { name: name.trim(), description: description.trim() },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const field = fieldOf(error);
          if (field) setErrors({ [field]: sentence(error instanceof ApiError ? error.fieldMessage : errorMessage(error)) });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-group-form">
      <Stack gap="md">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          placeholder="Claims builders"
          required
          data-autofocus
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setErrors(({ name: _, ...rest }) => rest);
          }}
          error={errors.name}
        />
        <Textarea
          label="Description"
          description="Who belongs in it, so the next administrator knows."
          rows={2}
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            setErrors(({ description: _, ...rest }) => rest);
          }}
          error={errors.description}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create group
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateGroupModal({ opened, ...props }: FormProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="Create group">
      <CreateGroupForm {...props} />
    </Modal>
  );
}
