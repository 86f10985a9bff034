import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { CreatedApiKey, WorkspaceSummary } from '../../api/types';
import { NewApiKeyToken } from './NewApiKeyToken';
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

/** The service account a key is for; without one, the key is the signed-in person's own. */
export interface KeyHolder {
  id: string;
  display_name: string;
}

/** The sentences of the form, for one's own key or a service account's. */
function wordingFor(holder: KeyHolder | undefined) {
  if (holder === undefined) {
    return {
      lead: 'A key lets a script or another system call the Paddock API as you. It never has more than you: when you lose a role, your keys lose it too.',
      everything: 'Everything you can do',
      allWorkspaces: 'All your workspaces',
      title: 'Create API key',
      createdTitle: 'Your new API key',
    };
  }
  return {
    lead: `The key acts as ${holder.display_name}, never as you. It never has more than the service account's roles: when it loses a role, its keys lose it too.`,
    everything: 'Everything it can do',
    allWorkspaces: 'All its workspaces',
    title: `New key for ${holder.display_name}`,
    createdTitle: `New key for ${holder.display_name}`,
  };
}

type Wording = ReturnType<typeof wordingFor>;

interface FormProps {
  workspaces: readonly WorkspaceSummary[];
  holder: KeyHolder | undefined;
  wording: Wording;
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}

function CreateApiKeyForm({ workspaces, holder, wording, onClose, onCreated }: FormProps) {
  const create = useCreateApiKey(holder?.id);
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
          {wording.lead}
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
          description={`Optional. Leave empty for ${wording.everything.toLowerCase()}.`}
          placeholder={permissions.length === 0 ? wording.everything : undefined}
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
          description={`Optional. Leave empty for ${wording.allWorkspaces.toLowerCase()}.`}
          placeholder={limitWorkspaces.length === 0 ? wording.allWorkspaces : undefined}
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

interface CreateApiKeyModalProps {
  opened: boolean;
  /** The workspaces a key may be limited to. */
  workspaces: readonly WorkspaceSummary[];
  /** The service account the key is for (administrators); the signed-in person's own key without it. */
  serviceAccount?: KeyHolder;
  onClose: () => void;
}

/** Creates a key, then shows its token once; the token is forgotten when the modal has closed. */
export function CreateApiKeyModal({ opened, workspaces, serviceAccount, onClose }: CreateApiKeyModalProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const wording = wordingFor(serviceAccount);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? wording.createdTitle : wording.title}
      size="lg"
      closeOnClickOutside={created === null}
    >
      {created ? (
        <NewApiKeyToken created={created} onClose={onClose} />
      ) : (
        <CreateApiKeyForm
          key={serviceAccount?.id ?? 'own'}
          workspaces={workspaces}
          holder={serviceAccount}
          wording={wording}
          onClose={onClose}
          onCreated={setCreated}
        />
      )}
    </Modal>
  );
}
