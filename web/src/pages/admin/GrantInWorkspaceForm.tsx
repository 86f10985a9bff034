import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { Role } from '../../api/types';
import { useGroups, useSetGrant, useUsers, type GrantTarget } from './queries';
import { RoleSelect } from './RoleSelect';
import { NOT_FOR_SERVICE_ACCOUNTS } from './roles';
import { useServiceAccounts } from './serviceAccountQueries';

type Field = 'holder' | 'role';
type FieldErrors = Partial<Record<Field, string>>;

/** "user:<id>", "service:<id>" or "group:<id>", the value of a holder option. */
function targetOf(value: string): GrantTarget {
  const [kind, ...id] = value.split(':');
  return { kind: kind === 'group' ? 'group' : 'user', id: id.join(':') };
}

/** People, service accounts and groups, grouped for the holder select; disabled accounts cannot be picked. */
function useHolderOptions() {
  const users = useUsers();
  const serviceAccounts = useServiceAccounts();
  const groups = useGroups();
  const queries = [users, serviceAccounts, groups];
  const options = [
    {
      group: 'People',
      items: (users.data ?? []).map((u) => ({ value: `user:${u.id}`, label: `${u.display_name} (${u.email})`, disabled: u.disabled })),
    },
    {
      group: 'Service accounts',
      items: (serviceAccounts.data ?? []).map((s) => ({ value: `service:${s.id}`, label: `${s.display_name} (service account)`, disabled: s.disabled })),
    },
    { group: 'Groups', items: (groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: `${g.name} (group)` })) },
  ].filter((group) => group.items.length > 0);
  return {
    options,
    pending: queries.some((q) => q.isPending),
    error: queries.find((q) => q.isError)?.error ?? null,
  };
}

/** Grants a role in one workspace to a person, a service account or a group. */
export function GrantInWorkspaceForm({ slug, name }: { slug: string; name: string }) {
  const setGrant = useSetGrant();
  const holders = useHolderOptions();
  const [holder, setHolder] = useState<string | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (holder === null) found.holder = 'Choose who gets the role';
    if (role === null) found.role = 'Choose a role';
    setErrors(found);
    setFormError(null);
    if (holder === null || role === null) return;
    setGrant.mutate(
      { target: targetOf(holder), grant: true, body: { role, workspace: slug } },
      {
        onSuccess: () => {
          setHolder(null);
          setRole(null);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.field === 'role') setErrors({ role: error.fieldMessage });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="workspace-grant-form">
      <Stack gap="xs">
        {(formError ?? holders.error) !== null && (
          <Alert color="red" role="alert">
            {formError ?? errorMessage(holders.error)}
          </Alert>
        )}
        <Group align="flex-start" gap="xs" grow>
          <Select
            label="Who"
            placeholder={holders.pending ? 'Loading…' : 'Search people, service accounts, groups'}
            searchable
            nothingFoundMessage="Nobody matches"
            data={holders.options}
            value={holder}
            onChange={(value) => {
              setHolder(value);
              if (value?.startsWith('service:') && role !== null && NOT_FOR_SERVICE_ACCOUNTS.includes(role)) setRole(null);
              setErrors(({ holder: _, ...rest }) => rest);
            }}
            disabled={holders.pending}
            comboboxProps={{ width: 340, position: 'bottom-start' }}
            error={errors.holder}
          />
          <RoleSelect
            exclude={holder?.startsWith('service:') ? NOT_FOR_SERVICE_ACCOUNTS : []}
            placeholder="Choose a role"
            value={role}
            onChange={(value) => {
              setRole(value);
              setErrors(({ role: _, ...rest }) => rest);
            }}
            comboboxProps={{ width: 320, position: 'bottom-end' }}
            error={errors.role}
          />
        </Group>
        <Group justify="space-between" align="center" wrap="nowrap" gap="md">
          <Text size="xs" c="dimmed">
            The role applies in {name} only. A group&apos;s role reaches everyone in the group.
          </Text>
          <Button type="submit" variant="default" leftSection={<IconPlus size={16} stroke={1.8} />} loading={setGrant.isPending} style={{ flexShrink: 0 }}>
            Grant role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
