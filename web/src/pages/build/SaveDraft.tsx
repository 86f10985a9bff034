import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { CopyValue } from '../../components/CopyValue';
import { slugProblem } from '../admin/slug';
import { NAME_TAKEN } from './draftQueries';

/** Whether the text is saved as it is, and as which revision. */
export function SaveStatus({ revision, changed }: { revision: number | null; changed: boolean }) {
  if (revision === null) {
    return (
      <Text size="sm" c="dimmed" data-testid="save-status">
        Not saved yet
      </Text>
    );
  }
  if (changed) {
    return (
      <Group gap={6} data-testid="save-status">
        <IconPencil size={16} color="var(--mantine-color-orange-6)" aria-hidden />
        <Text size="sm">Unsaved changes (you started from revision {revision})</Text>
      </Group>
    );
  }
  return (
    <Group gap={6} data-testid="save-status">
      <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
      <Text size="sm">Saved (revision {revision})</Text>
    </Group>
  );
}

/** Why the last save failed, when it did for a reason other than problems in the definition. */
export function SaveFailure({ error, text, onReload }: { error: unknown; text: string; onReload: () => void }) {
  if (error instanceof ApiError && error.code === 'edit_conflict') {
    return (
      <Alert color="orange" icon={<IconAlertTriangle />} title="Not saved: this workflow changed" role="alert" data-testid="edit-conflict">
        <Stack gap="sm">
          <Text size="sm">
            Someone else saved this workflow while you were editing. Reload to see their version; copy your changes first.
          </Text>
          <Group gap="sm">
            <CopyValue value={text} label="Copy your version" />
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={onReload}>
              Reload
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (error instanceof ApiError && error.code === NAME_TAKEN) {
    return (
      <Alert color="orange" icon={<IconAlertTriangle />} title="Not saved: the name is taken" role="alert" data-testid="name-taken">
        {error.message} Give this one another name on its <code>name:</code> line, or open the other one from the list of
        workflows to change it.
      </Alert>
    );
  }
  return (
    <Alert color="red" title="The draft could not be saved" role="alert">
      {error instanceof ApiError && error.field === 'name' ? error.fieldMessage : errorMessage(error)}
    </Alert>
  );
}

/** Asks for a name when a new workflow's definition gives none. */
export function NameModal({ opened, onClose, onName }: { opened: boolean; onClose: () => void; onName: (name: string) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = slugProblem(name);
    setError(problem);
    if (problem === null) onName(name);
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Name this workflow">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            The definition has no <code>name:</code> line yet. Choose a short name; it is added to the definition and the
            workflow is saved under it.
          </Text>
          <TextInput
            label="Name"
            description="Lower-case letters, digits and dashes, e.g. leave-requests"
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Save draft</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
