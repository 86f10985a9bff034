import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { Role, WorkspaceSummary } from '../../api/types';
import { roleLabel } from '../../layout/roles';
import { useSetGrant, type GrantTarget } from './queries';
import { RoleSelect } from './RoleSelect';
import { mayBeOrganisationWide } from './roles';

type Field = 'role' | 'workspace';
type FieldErrors = Partial<Record<Field, string>>;

/** Where the API's refusal belongs: the field it names, or the one a code points at. */
function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.field === 'role' || error.field === 'workspace') return error.field;
  if (error.code === 'not_found') return 'workspace';
  return undefined;
}

interface GrantFormProps {
  /** Who receives the role: a group, or a person directly. */
  target: GrantTarget;
  workspaces: readonly WorkspaceSummary[];
  onGranted?: (role: Role, workspace: string | null) => void;
  /** Roles not offered to this target. */
  excludeRoles?: readonly Role[];
}

/** Role and workspace side by side with an "Add role" button; the workspace may be empty only for admin and auditor. */
export function GrantForm({ target, workspaces, onGranted, excludeRoles }: GrantFormProps) {
  const setGrant = useSetGrant();
  const [role, setRole] = useState<Role | null>(null);
  const [workspace, setWorkspace] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const orgWide = role !== null && mayBeOrganisationWide(role);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (role === null) found.role = 'Choose a role';
    else if (!orgWide && !workspace) found.workspace = `Choose where they work as ${roleLabel(role).toLowerCase()}`;
    setErrors(found);
    setFormError(null);
    if (role === null || Object.keys(found).length > 0) return;
    setGrant.mutate(
      { target, grant: true, body: { role, ...(workspace ? { workspace } : {}) } },
      {
        onSuccess: () => {
          setRole(null);
          setWorkspace(null);
          onGranted?.(role, workspace);
        },
        onError: (error) => {
          const field = fieldOf(error);
          if (field) setErrors({ [field]: error instanceof ApiError ? error.fieldMessage : errorMessage(error) });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="grant-form">
      <Stack gap="xs">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group align="flex-start" gap="xs" grow>
          <RoleSelect
            exclude={excludeRoles}
            placeholder="Choose a role"
            value={role}
            onChange={(value) => {
              setRole(value);
              setErrors({});
              if (value !== null && mayBeOrganisationWide(value)) setWorkspace(null);
            }}
            comboboxProps={{ width: 320, position: 'bottom-start' }}
            error={errors.role}
          />
          <Select
            label="Workspace"
            required={role !== null && !orgWide}
            clearable={orgWide}
            disabled={role === null}
            placeholder={orgWide ? 'Whole organisation' : 'Choose a workspace'}
            data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
            value={workspace}
            onChange={(value) => {
              setWorkspace(value);
              setErrors(({ workspace: _, ...rest }) => rest);
            }}
            error={errors.workspace}
          />
        </Group>
        <Group justify="space-between" align="center" wrap="nowrap" gap="md">
          <Text size="xs" c="dimmed">
            {orgWide
              ? `Leave the workspace empty to grant ${roleLabel(role).toLowerCase()} across the whole organisation.`
              : 'Admin and auditor may apply to the whole organisation; every other role to one workspace.'}
          </Text>
          <Button type="submit" variant="default" leftSection={<IconPlus size={16} stroke={1.8} />} loading={setGrant.isPending} style={{ flexShrink: 0 }}>
            Add role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
