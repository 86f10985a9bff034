import { Alert, Button, Code, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { CreatedApiKey, WorkspaceSummary } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';
import { EXPIRY_DAYS, PERMISSIONS } from './permissions';
import { useCreateApiKey } from './queries';

type Field = 'name' | 'expires_in_days' | 'permissions' | 'workspaces';
type FieldErrors = Partial<Record<Field, string>>;
const FIELDS: readonly string[] = ['name', 'expires_in_days', 'permissions', 'workspaces'];

const EXPIRY_OPTIONS = EXPIRY_DAYS.map((days) => ({ value: String(days), label: `${days} days` }));
const PERMISSION_OPTIONS = PERMISSIONS.map(({ name, label }) => ({ value: name, label }));

function fieldOf(error: unknown): Field | undefined {
  if (error instanceof ApiError && error.field !== undefined && FIELDS.includes(error.field)) return error.field as Field;
  return undefined;
}

interface FormProps {
  workspaces: readonly WorkspaceSummary[];
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}

function CreateApiKeyForm({ workspaces, onClose, onCreated }: FormProps) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [limitWorkspaces, setLimitWorkspaces] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const edit = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setErrors({ name: 'Name the key after what will use it' });
      return;
    }
    setErrors({});
    create.mutate(
      {
        name: name.trim(),
        expires_in_days: Number(days),
        ...(permissions.length > 0 ? { permissions } : {}),
        ...(limitWorkspaces.length > 0 ? { workspaces: limitWorkspaces } : {}),
      },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const field = fieldOf(error);
          if (field && error instanceof ApiError) setErrors({ [field]: error.fieldMessage });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-api-key-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          A key lets a script or another system call the Paddock API as you. It never has more than you: when you lose a
          role, your keys lose it too.
        </Text>
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="What will use it, so you recognise it later."
          placeholder="Nightly claims export"
          required
          data-autofocus
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            edit('name');
          }}
          error={errors.name}
        />
        <Select
          label="Expires after"
          data={EXPIRY_OPTIONS}
          value={days}
          allowDeselect={false}
          onChange={(value) => {
            if (value !== null) setDays(value);
            edit('expires_in_days');
          }}
          error={errors.expires_in_days}
        />
        <MultiSelect
          label="Limit to these permissions"
          description="Optional. Leave empty for everything you can do."
          placeholder={permissions.length === 0 ? 'Everything you can do' : undefined}
          data={PERMISSION_OPTIONS}
          value={permissions}
          onChange={(value) => {
            setPermissions(value);
            edit('permissions');
          }}
          clearable
          error={errors.permissions}
        />
        <MultiSelect
          label="Limit to these workspaces"
          description="Optional. Leave empty for all your workspaces."
          placeholder={limitWorkspaces.length === 0 ? 'All your workspaces' : undefined}
          data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          value={limitWorkspaces}
          onChange={(value) => {
            setLimitWorkspaces(value);
            edit('workspaces');
          }}
          clearable
          error={errors.workspaces}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The token, this once, with a way to copy it and an example of its use. */
function NewToken({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const curl = `curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/me`;
  return (
    <Stack gap="md" data-testid="api-key-created">
      <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy it now: you won't be able to see it again">
        Paddock keeps only a fingerprint of the token. If you lose it, revoke the key and create a new one.
      </Alert>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Token of “{created.key.name}”
          </Text>
          <CopyValue value={created.token} label="Copy token" />
        </Group>
        <Code block data-testid="api-key-token" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {created.token}
        </Code>
      </Stack>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Try it
          </Text>
          <CopyValue value={curl} label="Copy command" />
        </Group>
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {curl}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onClose}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

interface CreateApiKeyModalProps {
  opened: boolean;
  workspaces: readonly WorkspaceSummary[];
  onClose: () => void;
}

/** Creates a key, then shows its token once; the token is forgotten when the modal has closed. */
export function CreateApiKeyModal({ opened, workspaces, onClose }: CreateApiKeyModalProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? 'Your new API key' : 'Create API key'}
      size="lg"
      closeOnClickOutside={created === null}
    >
      {created ? (
        <NewToken created={created} onClose={onClose} />
      ) : (
        <CreateApiKeyForm workspaces={workspaces} onClose={onClose} onCreated={setCreated} />
      )}
    </Modal>
  );
}
