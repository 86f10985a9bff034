import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCircleCheck, IconLogin2, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { oidcRedirectUri } from '../../api/oidc';
import type { GroupView, OidcGroupMapping, OidcSettings, OidcSettingsRequest } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';
import { QueryState } from '../../components/QueryState';
import { useGroups, useOidcSettings, useSaveOidcSettings } from './queries';
import { SettingsCard } from './SettingsCard';

/** The fields the API may name in `details.field`, each shown under its input. */
type Field = 'issuer' | 'client_id' | 'client_secret' | 'groups_claim' | 'require_sso' | 'group_mappings';

interface MappingRow {
  /** Only for React's keys: rows have no identity of their own. */
  key: number;
  provider_group: string;
  group: string | null;
}

let nextKey = 0;

function rowsOf(mappings: readonly OidcGroupMapping[]): MappingRow[] {
  return mappings.map((m) => ({ key: nextKey++, provider_group: m.provider_group, group: m.group }));
}

/** The input a `details.field` belongs to: `group_mappings[1].group` belongs to the mapping table. */
function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const field = error.field;
  if (field === undefined) return error.code === 'not_found' ? 'group_mappings' : undefined;
  if (field.startsWith('group_mappings')) return 'group_mappings';
  const known: readonly string[] = ['issuer', 'client_id', 'client_secret', 'groups_claim', 'require_sso'];
  return known.includes(field) ? (field as Field) : undefined;
}

function MappingTable({
  rows,
  groups,
  error,
  onChange,
  onRemove,
}: {
  rows: readonly MappingRow[];
  groups: readonly GroupView[];
  error: string | undefined;
  onChange: (key: number, change: Partial<MappingRow>) => void;
  onRemove: (key: number) => void;
}) {
  const names = groups.map((g) => g.name);
  return (
    <Stack gap={6}>
      {rows.length === 0 ? (
        <Paper radius="md" p="md" bg="var(--mantine-color-default-hover)" data-testid="oidc-mappings-empty">
          <Text size="sm" c="dimmed" ta="center">
            No group mapping: people signing in get only the roles granted to them here.
          </Text>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" data-testid="oidc-mappings-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Identity provider group</Table.Th>
                <Table.Th>Paddock group</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => {
                // A group deleted since it was mapped still shows, so that the mapping can be seen and changed.
                const data = row.group !== null && !names.includes(row.group) ? [...names, row.group] : names;
                return (
                  <Table.Tr key={row.key} data-testid={`oidc-mapping-${index + 1}`}>
                    <Table.Td>
                      <TextInput
                        aria-label={`Identity provider group ${index + 1}`}
                        placeholder="e.g. paddock-auditors"
                        autoComplete="off"
                        value={row.provider_group}
                        onChange={(event) => onChange(row.key, { provider_group: event.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Paddock group ${index + 1}`}
                        placeholder="Choose a group"
                        searchable
                        data={data}
                        value={row.group}
                        onChange={(value) => onChange(row.key, { group: value })}
                        nothingFoundMessage="No such group"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Remove this mapping">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => onRemove(row.key)}
                          aria-label={`Remove mapping ${index + 1}`}
                        >
                          <IconTrash size={18} stroke={1.6} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {error !== undefined && (
        <Text size="sm" c="red" role="alert" data-testid="oidc-mappings-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function OidcForm({ saved }: { saved: OidcSettings }) {
  const groups = useGroups();
  const save = useSaveOidcSettings();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [requireSso, setRequireSso] = useState(saved.require_sso);
  const [issuer, setIssuer] = useState(saved.issuer);
  const [clientId, setClientId] = useState(saved.client_id);
  // Only what the administrator types: the stored secret never comes back from the API.
  const [secret, setSecret] = useState('');
  const [groupsClaim, setGroupsClaim] = useState(saved.groups_claim === '' ? 'groups' : saved.groups_claim);
  const [rows, setRows] = useState<MappingRow[]>(() => rowsOf(saved.group_mappings));
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const redirectUri = oidcRedirectUri();

  const edited = (field?: Field) => {
    setNotice(null);
    if (field !== undefined) setErrors(({ [field]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(null);
    setErrors({});
    setFormError(null);
    const body: OidcSettingsRequest = {
      enabled,
      issuer: issuer.trim(),
      client_id: clientId.trim(),
      // Left empty: the stored secret is kept.
      ...(secret !== '' ? { client_secret: secret } : {}),
      groups_claim: groupsClaim.trim(),
      require_sso: requireSso,
      group_mappings: rows
        .filter((row) => row.provider_group.trim() !== '' || row.group !== null)
        .map((row) => ({ provider_group: row.provider_group.trim(), group: row.group ?? '' })),
    };
    save.mutate(body, {
      onSuccess: (settings) => {
        save.reset();
        setSecret('');
        setRows(rowsOf(settings.group_mappings));
        setNotice(
          settings.enabled
            ? 'Single sign-on is saved and on: the sign-in page offers it.'
            : 'Single sign-on is saved; it is off, so people sign in with their password.',
        );
      },
      onError: (error) => {
        const field = fieldOf(error);
        const message = error instanceof ApiError ? error.fieldMessage : errorMessage(error);
        if (field === undefined) setFormError(errorMessage(error));
        else setErrors({ [field]: message });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="oidc-form">
      <Stack gap="lg">
        <Stack gap={6}>
          <Text size="sm" fw={500} id="oidc-redirect-uri-label">
            Redirect URI
          </Text>
          <Text size="xs" c="dimmed">
            Register it at your identity provider for the Paddock application.
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Code
              aria-labelledby="oidc-redirect-uri-label"
              data-testid="oidc-redirect-uri"
              fz="sm"
              px="sm"
              py={6}
              style={{ overflowWrap: 'anywhere' }}
            >
              {redirectUri}
            </Code>
            <CopyValue value={redirectUri} label="Copy" ariaLabel="Copy the redirect URI" />
          </Group>
        </Stack>
        <Switch
          label="Enabled"
          description="Offer “Sign in with single sign-on” on the sign-in page."
          checked={enabled}
          onChange={(event) => {
            setEnabled(event.currentTarget.checked);
            edited();
          }}
        />
        <Switch
          label="Require single sign-on"
          description="Passwords then work only for organisation-wide administrators, as a break-glass way in."
          checked={requireSso}
          disabled={!enabled}
          error={errors.require_sso}
          onChange={(event) => {
            setRequireSso(event.currentTarget.checked);
            edited('require_sso');
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          <TextInput
            label="Issuer URL"
            description="Where the provider publishes /.well-known/openid-configuration."
            placeholder="https://login.example.com"
            autoComplete="off"
            value={issuer}
            onChange={(event) => {
              setIssuer(event.currentTarget.value);
              edited('issuer');
            }}
            error={errors.issuer}
          />
          <TextInput
            label="Client ID"
            description="The ID the provider gave the Paddock application."
            autoComplete="off"
            value={clientId}
            onChange={(event) => {
              setClientId(event.currentTarget.value);
              edited('client_id');
            }}
            error={errors.client_id}
          />
          <PasswordInput
            label="Client secret"
            description={saved.client_secret_set ? 'A secret is stored; type a new one to replace it.' : 'The secret the provider gave the Paddock application.'}
            placeholder={saved.client_secret_set ? '•••••• stored — leave empty to keep' : undefined}
            // Not the administrator's own password: keep the browser from filling it in.
            autoComplete="new-password"
            value={secret}
            onChange={(event) => {
              setSecret(event.currentTarget.value);
              edited('client_secret');
            }}
            error={errors.client_secret}
          />
          <TextInput
            label="Groups claim"
            description="The ID token claim that lists the person's groups."
            placeholder="groups"
            autoComplete="off"
            value={groupsClaim}
            onChange={(event) => {
              setGroupsClaim(event.currentTarget.value);
              edited('groups_claim');
            }}
            error={errors.groups_claim}
          />
        </SimpleGrid>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                Group mappings
              </Text>
              <Text size="xs" c="dimmed" maw={560}>
                People in a provider group join the Paddock group at each sign-in, and hold its roles.
              </Text>
            </Stack>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} stroke={1.8} />}
              onClick={() => {
                setRows((current) => [...current, { key: nextKey++, provider_group: '', group: null }]);
                edited('group_mappings');
              }}
            >
              Add mapping
            </Button>
          </Group>
          <QueryState query={groups} errorTitle="The groups could not be loaded" loadingLabel="Loading groups" rows={2}>
            <MappingTable
              rows={rows}
              groups={groups.data ?? []}
              error={errors.group_mappings}
              onChange={(key, change) => {
                setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
                edited('group_mappings');
              }}
              onRemove={(key) => {
                setRows((current) => current.filter((row) => row.key !== key));
                edited('group_mappings');
              }}
            />
          </QueryState>
        </Stack>
        {formError !== null && (
          <Alert color="red" role="alert" title="The settings could not be saved">
            {formError}
          </Alert>
        )}
        {notice !== null && (
          <Alert
            color="green"
            icon={<IconCircleCheck />}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setNotice(null)}
            role="status"
            data-testid="oidc-notice"
          >
            {notice}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Single sign-on through the company's identity provider, and how its groups map to Paddock groups. */
export function OidcCard() {
  const settings = useOidcSettings();
  const enabled = settings.data?.enabled;
  return (
    <SettingsCard
      icon={IconLogin2}
      title="Single sign-on (OpenID Connect)"
      testId="oidc-card"
      badge={
        enabled !== undefined && (
          <Badge variant="dot" color={enabled ? 'green' : 'gray'} tt="none" fw={500} data-testid="oidc-status">
            {enabled ? 'On' : 'Off'}
          </Badge>
        )
      }
    >
      <Stack gap="lg">
        <Text size="sm" c="dimmed" maw={720}>
          People sign in with your company&apos;s identity provider (Okta, Microsoft Entra ID, Google…) through OpenID
          Connect; the provider&apos;s groups map to Paddock groups, and so to their roles. Everyone can still sign in
          with a password where they have one.
        </Text>
        <QueryState
          query={settings}
          errorTitle="The single sign-on settings could not be loaded"
          loadingLabel="Loading single sign-on settings"
          rows={4}
          framed={false}
        >
          {settings.data !== undefined && <OidcForm saved={settings.data} />}
        </QueryState>
      </Stack>
    </SettingsCard>
  );
}
