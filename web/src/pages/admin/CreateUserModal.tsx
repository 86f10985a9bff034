import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { Role, UserAccount, WorkspaceSummary } from '../../api/types';
import { MIN_PASSWORD_LENGTH, passwordHint } from '../../components/password';
import { roleLabel } from '../../layout/roles';
import { useCreateUser } from './queries';
import { roleDescription, RoleSelect } from './RoleSelect';
import { mayBeOrganisationWide } from './roles';

type Field = 'email' | 'display_name' | 'password' | 'role' | 'workspace';
type FieldErrors = Partial<Record<Field, string>>;
const FIELDS: readonly string[] = ['email', 'display_name', 'password', 'role', 'workspace'];

/** Where the API's refusal belongs: the field it names, or the one a code points at. */
function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.field !== undefined && FIELDS.includes(error.field)) return error.field as Field;
  if (error.code === 'already_exists') return 'email';
  if (error.code === 'not_found') return 'workspace';
  return undefined;
}

interface FormProps {
  workspaces: readonly WorkspaceSummary[];
  onClose: () => void;
  onCreated: (user: UserAccount) => void;
}

function CreateUserForm({ workspaces, onClose, onCreated }: FormProps) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('consumer');
  const [workspace, setWorkspace] = useState<string | null>(workspaces.length === 1 ? workspaces[0]!.slug : null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const orgWide = mayBeOrganisationWide(role);

  const edit = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!email.trim()) found.email = 'Enter the e-mail address the person signs in with';
    if (password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
    if (!orgWide && !workspace) found.workspace = `Choose the workspace where they work as ${roleLabel(role).toLowerCase()}`;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        email: email.trim(),
        ...(displayName.trim() ? { display_name: displayName.trim() } : {}),
        password,
        role,
        ...(workspace ? { workspace } : {}),
      },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const field = fieldOf(error);
          if (field) setErrors({ [field]: error instanceof ApiError ? error.fieldMessage : errorMessage(error) });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-user-form">
      <Stack gap="md">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="E-mail"
          type="email"
          required
          autoComplete="off"
          data-autofocus
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            edit('email');
          }}
          error={errors.email}
        />
        <TextInput
          label="Display name"
          description="How Paddock shows them to others. Leave empty to use the part of the e-mail address before the @."
          autoComplete="off"
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.currentTarget.value);
            edit('display_name');
          }}
          error={errors.display_name}
        />
        <PasswordInput
          label="Password"
          description={passwordHint(password)}
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            edit('password');
          }}
          error={errors.password}
        />
        <RoleSelect
          required
          value={role}
          allowDeselect={false}
          onChange={(value) => {
            if (value === null) return;
            setRole(value);
            edit('role');
            edit('workspace');
            if (mayBeOrganisationWide(value)) setWorkspace(null);
          }}
          description={roleDescription(role)}
          error={errors.role}
        />
        <Select
          label="Workspace"
          required={!orgWide}
          clearable={orgWide}
          placeholder={orgWide ? 'The whole organisation' : 'Choose a workspace'}
          description={
            orgWide
              ? `Leave empty to make them ${roleLabel(role).toLowerCase()} across the whole organisation.`
              : 'The role applies in this workspace only.'
          }
          data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          value={workspace}
          onChange={(value) => {
            setWorkspace(value);
            edit('workspace');
          }}
          error={errors.workspace}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface CreateUserModalProps extends FormProps {
  opened: boolean;
}

export function CreateUserModal({ opened, ...props }: CreateUserModalProps) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="Create user" size="lg">
      <CreateUserForm {...props} />
    </Modal>
  );
}
