import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { ServiceAccountView } from '../../api/types';
import { useCreateServiceAccount } from './serviceAccountQueries';
import { SLUG_MAX_LENGTH, slugProblem, useSuggestedSlug } from './slug';

type Field = 'display_name' | 'name' | 'description';
type FieldErrors = Partial<Record<Field, string>>;
const FIELDS: readonly string[] = ['display_name', 'name', 'description'];

/** The address a service account named `name` gets. */
export function serviceAccountAddress(name: string): string {
  return `${name}@service-account.invalid`;
}

/** The field a refusal belongs under and what to say there; a taken name is said in our words (the API speaks of an e-mail address). */
function placed(error: unknown): { field: Field; message: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'already_exists') return { field: 'name', message: 'Another service account already has this name' };
  if (error.field !== undefined && FIELDS.includes(error.field)) return { field: error.field as Field, message: error.fieldMessage };
  return undefined;
}

interface FormProps {
  onClose: () => void;
  onCreated: (account: ServiceAccountView) => void;
}

function CreateServiceAccountForm({ onClose, onCreated }: FormProps) {
  const create = useCreateServiceAccount();
  const [displayName, setDisplayName] = useState('');
  const name = useSuggestedSlug();
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const edit = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: FieldErrors = {};
    if (!displayName.trim()) found.display_name = 'Name it after the script or integration that will use it';
    const problem = slugProblem(name.slug.trim());
    if (problem !== null) found.name = problem;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { display_name: displayName.trim(), name: name.slug.trim(), description: description.trim() },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const where = placed(error);
          if (where) setErrors({ [where.field]: where.message });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-service-account-form">
      <Stack gap="md">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Display name"
          placeholder="Claims import"
          required
          data-autofocus
          autoComplete="off"
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.currentTarget.value);
            name.follow(e.currentTarget.value);
            edit('display_name');
            edit('name');
          }}
          error={errors.display_name}
        />
        <TextInput
          label="Short name"
          description={`Its address in the audit trail: ${serviceAccountAddress(name.slug || 'short-name')}. Lower-case letters, digits and dashes, starting with a letter.`}
          placeholder="claims-import"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={SLUG_MAX_LENGTH}
          value={name.slug}
          onChange={(e) => {
            name.edit(e.currentTarget.value);
            edit('name');
          }}
          error={errors.name}
        />
        <Textarea
          label="Description"
          description="What is it for, and who looks after it?"
          placeholder="Imports claims from the scanning system every night; looked after by the IT integration team"
          rows={3}
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            edit('description');
          }}
          error={errors.description}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create service account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateServiceAccountModal({ opened, ...props }: FormProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="New service account" size="lg">
      <CreateServiceAccountForm {...props} />
    </Modal>
  );
}
