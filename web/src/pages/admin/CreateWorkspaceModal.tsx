import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import type { WorkspaceView } from '../../api/types';
import { SLUG_MAX_LENGTH, slugProblem, useSuggestedSlug } from './slug';
import { useCreateWorkspace } from './workspaceQueries';

type Field = 'name' | 'slug';

/** Where the API's refusal belongs: the field it names; a taken short name under the short name. */
function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.field === 'name' || error.field === 'slug') return error.field;
  if (error.code === 'already_exists') return 'slug';
  return undefined;
}

interface FormProps {
  onClose: () => void;
  onCreated: (workspace: WorkspaceView) => void;
}

function CreateWorkspaceForm({ onClose, onCreated }: FormProps) {
  const create = useCreateWorkspace();
  const [name, setName] = useState('');
  const slug = useSuggestedSlug();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'Give the workspace a name';
    const problem = slugProblem(slug.slug.trim());
    if (problem !== null) found.slug = problem;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: name.trim(), slug: slug.slug.trim() },
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
    <form onSubmit={submit} noValidate data-testid="create-workspace-form">
      <Stack gap="md">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="What people call it, e.g. the team or the process."
          placeholder="HR onboarding"
          required
          data-autofocus
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            slug.follow(e.currentTarget.value);
            setErrors({});
          }}
          error={errors.name}
        />
        <TextInput
          label="Short name"
          description={`Used in web addresses (/apps/${slug.slug || 'short-name'}/…); lower-case letters, digits and dashes, starting with a letter.`}
          placeholder="hr-onboarding"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={SLUG_MAX_LENGTH}
          value={slug.slug}
          onChange={(e) => {
            slug.edit(e.currentTarget.value);
            setErrors(({ slug: _, ...rest }) => rest);
          }}
          error={errors.slug}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create workspace
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateWorkspaceModal({ opened, ...props }: FormProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="New workspace">
      <CreateWorkspaceForm {...props} />
    </Modal>
  );
}
