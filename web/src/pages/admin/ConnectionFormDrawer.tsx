import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Divider,
  Drawer,
  Group,
  MultiSelect,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import type { ConnectionForm, ConnectionView, ConnectorKind, WorkspaceView } from '../../api/types';
import { clearanceSentence, labelSentence } from './clearance';
import { ClearanceField, type ClearanceWords } from './ClearanceField';
import { useSaveConnection } from './connectionQueries';
import {
  AUTH_TYPES,
  builtInActionsOf,
  check,
  declaredActions,
  formBody,
  initialState,
  KIND_ORDER,
  KINDS,
  placed,
  prefixOf,
  pointsElsewhere,
  SERVICE_HOSTS,
  SERVICES,
  SYSTEMS,
  usesNetwork,
  type ConnectionState,
  type Field,
  type FieldErrors,
} from './connections';
import {
  BuiltInActions,
  FilesFields,
  HttpActionsField,
  HttpAddressFields,
  SmtpFields,
  SqlActionsField,
  SqlFields,
  TicketingFields,
  WebhookFields,
} from './ConnectionSettingsFields';
import { DrawerSection } from './DrawerSection';
import { connectionPolicyChange } from './impact';
import { useLabelWords, usePolicyImpact } from './labelQueries';
import { ModelCredentialField, type CredentialChange, type CredentialWords } from './ModelCredentialField';
import { PolicyImpactModal, type ImpactCheck } from './PolicyImpactModal';
import { useGroups } from './queries';
import { SLUG_MAX_LENGTH } from './slug';

const CREDENTIAL_WORDS: CredentialWords = {
  label: 'Credential',
  description: 'The token, password, API key or client secret. Stored encrypted and never shown again, not even to administrators.',
  newLabel: 'New credential',
  newDescription: 'It replaces the stored one when you save.',
  newPlaceholder: 'A credential is stored and cannot be shown; leave empty to keep it',
  keep: 'Keep the current credential',
  isSet: 'A credential is set',
  isSetDetail: 'It is stored encrypted and cannot be shown. Replace it to change it.',
  removing: 'The credential will be removed when you save',
  removingDetail: 'Requests will then go out without it.',
  testId: 'connection-credential',
};

/** A webhook's address is its credential: whoever has it can post. */
const WEBHOOK_WORDS: CredentialWords = {
  label: 'Webhook address',
  description: 'The address of the channel’s incoming webhook. Stored encrypted and never shown again, not even to administrators.',
  newLabel: 'New webhook address',
  newDescription: 'It replaces the stored address when you save.',
  newPlaceholder: 'The address is stored and cannot be shown; leave empty to keep it',
  keep: 'Keep the current address',
  isSet: 'A webhook address is set',
  isSetDetail: 'It is stored encrypted and cannot be shown. Replace it to change it.',
  removing: 'The webhook address will be removed when you save',
  removingDetail: 'Nothing can then be posted until a new one is set.',
  testId: 'connection-credential',
};

/** S3-compatible storage signs in with an access key id (a setting) and its secret access key (the credential). */
const S3_WORDS: CredentialWords = {
  label: 'Secret access key',
  description: 'The secret that goes with the access key id above. Stored encrypted and never shown again, not even to administrators.',
  newLabel: 'New secret access key',
  newDescription: 'It replaces the stored secret access key when you save.',
  newPlaceholder: 'The secret access key is stored and cannot be shown; leave empty to keep it',
  keep: 'Keep the current secret access key',
  isSet: 'A secret access key is set',
  isSetDetail: 'It is stored encrypted and cannot be shown. Replace it to change it.',
  removing: 'The secret access key will be removed when you save',
  removingDetail: 'Workflows then cannot reach the bucket until a new one is set.',
  testId: 'connection-credential',
};

const NEVER_SHOWN = 'Stored encrypted and never shown again, not even to administrators.';

const GROUPS_HELP =
  'Only members of these groups may build with this connection or start runs that call it. Leave empty for everyone in the chosen workspaces.';

const READ_LABEL_WORDS: ClearanceWords = {
  intro:
    'How sensitive the data workflows read from this system is. Everything a run derives from it carries this label, so it cannot then be sent anywhere not cleared for it.',
  levelLabel: 'Level of what it returns',
  categoriesLabel: 'Special categories in what it returns',
  categoriesDescription: 'The special kinds of data what it returns holds, such as pii (personal data). Choose none for none.',
  sentence: labelSentence,
};

const WRITE_CLEARANCE_WORDS: ClearanceWords = {
  intro:
    'The most sensitive data workflows may send to this system. Workflows that would send it anything more sensitive are stopped by the policy check.',
  levelLabel: 'Most sensitive level it may be sent',
  allCategoriesDescription: 'It may be sent every special kind of data, such as personal, health or payment card data.',
  categoriesLabel: 'Special categories it may be sent',
  categoriesDescription: 'The special kinds of data it may be sent, such as pii (personal data). Choose none for none.',
  sentence: clearanceSentence,
};

/** What the credential is for the kind and sign-in chosen, for the field's description; null when none is used. */
function credentialPurpose(state: ConnectionState): string | null {
  switch (state.kind) {
    case 'http':
      return AUTH_TYPES[state.http.authType].credential;
    case 'smtp':
      return 'The password of the user name above; leave it empty for a relay that needs none.';
    case 'sql':
      // A SQLite file is opened, not signed in to.
      return state.sql.engine === 'sqlite' ? null : 'The database user’s password; leave it empty if it needs none.';
    case 'webhook':
      return `The address ${SERVICES[state.webhook.service].label} gave for the channel’s incoming webhook (${SERVICES[state.webhook.service].example}).`;
    case 'ticketing':
      return AUTH_TYPES[state.ticketing.authType].credential;
    case 'files':
      // A folder on the server is opened, not signed in to; S3 storage takes the secret of the access key id.
      return state.files.store === 's3' ? 'The secret access key that goes with the access key id above.' : null;
  }
}

/** The words of the credential field for the kind chosen. */
function credentialWords(state: ConnectionState): CredentialWords {
  if (state.kind === 'webhook') return WEBHOOK_WORDS;
  if (state.kind === 'files' && state.files.store === 's3') return S3_WORDS;
  return CREDENTIAL_WORDS;
}

/** Under the list of other hosts: which host is allowed anyway. */
function ownHost(state: ConnectionState): string {
  switch (state.kind) {
    case 'http':
      return 'The base URL’s own host is always allowed.';
    case 'smtp':
      return 'The mail server’s own host is always allowed.';
    case 'sql':
      return state.sql.engine === 'sqlite'
        ? 'A SQLite database is a file on the Paddock server: it needs none.'
        : 'The database server’s own host is always allowed.';
    case 'webhook':
      return `${SERVICES[state.webhook.service].label}’s webhook hosts (${SERVICE_HOSTS[state.webhook.service].join(', ')}) are always allowed.`;
    case 'ticketing':
      return `The ${SYSTEMS[state.ticketing.system].label} address’s own host is always allowed.`;
    case 'files':
      return state.files.store === 's3'
        ? `The storage service’s own host is always allowed${state.files.pathStyle ? '' : ', with the bucket’s name in front'}.`
        : 'A folder is on the Paddock server: it needs none.';
  }
}

/** What the built-in actions of a files connection are given, in words. */
function filesIntro(state: ConnectionState): string {
  const files = state.files;
  const prefix = prefixOf(files.prefix);
  const where =
    files.store === 's3'
      ? `workflows give paths inside the bucket${prefix === '' ? '' : `’s folder ${prefix}`}, and Paddock refuses any that lead out of it.`
      : 'workflows give paths inside the folder, and Paddock refuses any that lead out of it.';
  return `These are built in: ${where}${files.writable ? '' : ' Allow writing above to add the write action.'}`;
}

interface FormProps {
  /** The connection changed; null to create a new one. */
  connection: ConnectionView | null;
  workspaces: readonly WorkspaceView[];
  onClose: () => void;
  onSaved: (connection: ConnectionView) => void;
}

function ConnectionFormBody({ connection, workspaces, onClose, onSaved }: FormProps) {
  const save = useSaveConnection();
  const impact = usePolicyImpact();
  const groups = useGroups();
  const { words } = useLabelWords();
  /** What the impact preview answered about the change about to be saved, with the body to save if confirmed. */
  const [pending, setPending] = useState<{ body: ConnectionForm; check: ImpactCheck } | null>(null);
  const [state, setState] = useState<ConnectionState>(() => initialState(connection));
  const [credential, setCredential] = useState<CredentialChange>({ kind: 'keep' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const stored = connection?.credential_set ?? false;
  const renamed = connection !== null && state.name.trim() !== connection.name;
  const purpose = credentialPurpose(state);
  const moved = connection !== null && stored && credential.kind === 'keep' && pointsElsewhere(connection, state);
  // The actions typed, or those stored while the JSON does not parse.
  const declared = declaredActions(state) ?? connection?.actions ?? [];

  const clear = (fields: readonly Field[]) => {
    if (fields.length > 0) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([f]) => !fields.includes(f as Field))));
  };
  const edit = (change: Partial<ConnectionState>, ...fields: Field[]) => {
    setState((current) => ({ ...current, ...change }));
    clear(fields);
  };
  /** Changes the settings of one kind. */
  const editPart =
    <K extends 'http' | 'smtp' | 'sql' | 'webhook' | 'ticketing' | 'files'>(part: K) =>
    (change: Partial<ConnectionState[K]>, ...fields: Field[]) => {
      setState((current) => ({ ...current, [part]: { ...current[part], ...change } }));
      clear([...fields, 'settings']);
    };
  const editHttp = editPart('http');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = check(state, credential, stored, words);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = formBody(state, credential);
    // A change to an existing connection's labels, actions or access is first previewed: which workflows would it break?
    const change = connection === null ? null : connectionPolicyChange(connection, body);
    if (change === null) {
      persist(body);
      return;
    }
    impact.mutate(change, {
      onSuccess: (report) => {
        if (report.affected.length === 0) persist(body);
        else setPending({ body, check: { affected: report.affected } });
      },
      onError: (error) => {
        // A refusal of the fields themselves is shown where it belongs, as the save's would be.
        const where = placed(error);
        if (where) setErrors({ [where.field]: where.message });
        else setPending({ body, check: { error } });
      },
    });
  };

  const persist = (body: ConnectionForm) => {
    save.mutate(
      { original: connection?.name ?? null, body },
      {
        onSuccess: (saved) => {
          setPending(null);
          onSaved(saved);
        },
        onError: (error) => {
          setPending(null);
          const where = placed(error);
          if (where) setErrors({ [where.field]: where.message });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  const showCredential = purpose !== null || stored || credential.kind !== 'keep';
  const credentialField = showCredential && (
    <Stack gap={6}>
      <ModelCredentialField
        stored={stored}
        change={credential}
        onChange={(change) => {
          setCredential(change);
          clear(['credential']);
        }}
        error={errors.credential}
        words={credentialWords(state)}
        description={`${purpose ?? 'The token, password, API key or client secret.'} ${NEVER_SHOWN}`}
      />
      {moved && errors.credential === undefined && (
        <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="connection-credential-moved">
          <Text size="sm">
            {state.kind === 'webhook' && connection?.kind === 'webhook'
              ? 'The connection is now for another chat service. Paste its webhook address again, or remove it.'
              : 'The connection now points at another system. Enter its credential again, or remove it: the stored one is only ever sent to the system it was set for.'}
          </Text>
        </Alert>
      )}
    </Stack>
  );

  return (
    <>
      <form onSubmit={submit} noValidate data-testid="connection-form">
        <Stack gap="xl">
          <DrawerSection title="Kind of system">
            <Radio.Group
              value={state.kind}
              onChange={(value) => edit({ kind: value as ConnectorKind }, 'kind', 'settings', 'allowed_actions')}
              error={errors.kind}
              aria-label="Kind of system"
            >
              <Stack gap="xs">
                {KIND_ORDER.map((id) => (
                  <Radio.Card key={id} value={id} radius="md" p="sm" data-testid={`kind-${id}`}>
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator mt={2} />
                      <Stack gap={2}>
                        <Text size="sm" fw={600}>
                          {KINDS[id].label}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {KINDS[id].description}
                        </Text>
                      </Stack>
                    </Group>
                  </Radio.Card>
                ))}
              </Stack>
            </Radio.Group>
          </DrawerSection>

          <DrawerSection title="Connection">
            <TextInput
              label="Name"
              description={
                renamed
                  ? `Its bindings follow the new name; anything else that names ${connection.name} must be changed.`
                  : 'Its own name, which you choose when you bind an alias to it (tickets-sandbox). Lower-case letters, digits and dashes.'
              }
              placeholder="tickets-sandbox"
              required
              data-autofocus
              autoComplete="off"
              spellCheck={false}
              maxLength={SLUG_MAX_LENGTH}
              value={state.name}
              onChange={(e) => edit({ name: e.currentTarget.value }, 'name')}
              error={errors.name}
            />
            <Textarea
              label="Description"
              description="What the system is and what it is for: builders see this when they choose what to call."
              placeholder="The sandbox of the service desk's ticketing tool"
              rows={2}
              autosize
              maxRows={5}
              value={state.description}
              onChange={(e) => edit({ description: e.currentTarget.value }, 'description')}
              error={errors.description}
            />
            <Switch
              label="Switched on"
              description="When off, runs that call it stop with a message saying an administrator switched it off."
              checked={state.enabled}
              onChange={(e) => edit({ enabled: e.currentTarget.checked })}
            />
          </DrawerSection>

          <DrawerSection title={KINDS[state.kind].section} testId="connection-settings">
            {errors.settings !== undefined && (
              <Alert color="red" role="alert" title="The settings are not right" data-testid="connection-settings-error">
                {errors.settings}
              </Alert>
            )}
            {state.kind === 'http' && <HttpAddressFields value={state.http} onChange={editHttp} errors={errors} />}
            {state.kind === 'smtp' && <SmtpFields value={state.smtp} onChange={editPart('smtp')} errors={errors} />}
            {state.kind === 'sql' && <SqlFields value={state.sql} onChange={editPart('sql')} errors={errors} />}
            {state.kind === 'webhook' && <WebhookFields value={state.webhook} onChange={editPart('webhook')} errors={errors} />}
            {state.kind === 'ticketing' && <TicketingFields value={state.ticketing} onChange={editPart('ticketing')} errors={errors} />}
            {state.kind === 'files' && <FilesFields value={state.files} onChange={editPart('files')} errors={errors} />}
            {credentialField}
          </DrawerSection>

          {state.kind === 'http' && (
            <DrawerSection title="Actions">
              <HttpActionsField value={state.http} onChange={editHttp} errors={errors} />
            </DrawerSection>
          )}
          {state.kind === 'sql' && (
            <DrawerSection title="Actions">
              <SqlActionsField value={state.sql} onChange={editPart('sql')} errors={errors} />
            </DrawerSection>
          )}
          {(state.kind === 'webhook' || state.kind === 'ticketing' || state.kind === 'files') && (
            <DrawerSection title="Actions">
              <BuiltInActions
                actions={builtInActionsOf(state) ?? []}
                intro={
                  state.kind === 'ticketing'
                    ? `These are built in: Paddock writes the requests for ${SYSTEMS[state.ticketing.system].label}, and the same actions work with every ticketing system, so a workflow can move to another one by binding its alias elsewhere.`
                    : state.kind === 'files'
                      ? filesIntro(state)
                      : 'This is built in: workflows give a title and a text, and Paddock posts them in the form the chat service expects.'
                }
              />
            </DrawerSection>
          )}

          <DrawerSection title="Data it returns" testId="connection-read-label-section">
            <ClearanceField
              value={state.readLabel}
              onChange={(change) => edit({ readLabel: { ...state.readLabel, ...change } }, 'read_label')}
              words={READ_LABEL_WORDS}
              testId="connection-read-label"
              error={errors.read_label}
            />
          </DrawerSection>

          <DrawerSection title="Data it may be sent" testId="connection-write-clearance-section">
            <ClearanceField
              value={state.writeClearance}
              onChange={(change) => edit({ writeClearance: { ...state.writeClearance, ...change } }, 'write_clearance')}
              words={WRITE_CLEARANCE_WORDS}
              testId="connection-write-clearance"
              error={errors.write_clearance}
            />
          </DrawerSection>

          <DrawerSection title="Actions workflows may call" testId="connection-allowed-actions">
            <Checkbox
              label="All actions"
              description="Every action the connection declares, including ones added later."
              checked={state.allActions}
              onChange={(e) =>
                edit(
                  {
                    allActions: e.currentTarget.checked,
                    // Switching "all" off starts from every action declared now, so that nothing stops at once.
                    ...(!e.currentTarget.checked && state.allowedActions.length === 0 ? { allowedActions: declared.map((a) => a.name) } : {}),
                  },
                  'allowed_actions',
                )
              }
            />
            {!state.allActions && (
              <Checkbox.Group
                value={state.allowedActions}
                onChange={(allowedActions) => edit({ allowedActions }, 'allowed_actions')}
                error={errors.allowed_actions}
                label="Only these"
                description={declared.length === 0 ? 'The connection declares no action yet.' : undefined}
              >
                <Stack gap={6} mt={6}>
                  {declared.map((action) => (
                    <Checkbox
                      key={action.name}
                      value={action.name}
                      label={
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" ff="monospace">
                            {action.name}
                          </Text>
                          <Badge size="xs" variant="light" color={action.access === 'write' ? 'orange' : 'blue'} tt="none">
                            {action.access === 'write' ? 'changes data' : 'reads only'}
                          </Badge>
                        </Group>
                      }
                      description={action.description || undefined}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            {state.allActions && errors.allowed_actions !== undefined && (
              <Text size="sm" c="red" role="alert">
                {errors.allowed_actions}
              </Text>
            )}
          </DrawerSection>

          {usesNetwork(state) && (
            <DrawerSection title="Network" testId="connection-network">
              <Textarea
                label="Other hosts it may reach"
                description={`${ownHost(state)} Add others one per line, such as api.example.com or *.example.com:8443 (ports 443 and 80 unless given).`}
                placeholder={'auth.example.com\n*.files.example.com'}
                autosize
                minRows={2}
                maxRows={8}
                spellCheck={false}
                autoComplete="off"
                value={state.egressText}
                onChange={(e) => edit({ egressText: e.currentTarget.value }, 'egress')}
                error={errors.egress}
              />
              <Alert color="orange" icon={<IconAlertTriangle />} p="xs" data-testid="connection-ranges-warning">
                <Text size="sm">
                  Private address ranges let this connection reach your internal networks. Paddock refuses internal, loopback
                  and cloud metadata addresses unless they are listed here: add only the range of the system it is for.
                </Text>
              </Alert>
              <Textarea
                label="Private address ranges it may reach"
                description="One per line, such as 10.20.0.0/16. Leave it empty for a system on the internet."
                placeholder="10.20.0.0/16"
                autosize
                minRows={2}
                maxRows={8}
                spellCheck={false}
                autoComplete="off"
                value={state.rangesText}
                onChange={(e) => edit({ rangesText: e.currentTarget.value }, 'allowed_ranges')}
                error={errors.allowed_ranges}
              />
            </DrawerSection>
          )}

          <DrawerSection title="Who may use it" testId="connection-access">
            <Switch
              label="All workspaces"
              description="Every workspace may bind it, including those created later. Switch off to choose."
              checked={state.allWorkspaces}
              onChange={(e) => edit({ allWorkspaces: e.currentTarget.checked }, 'workspaces')}
            />
            {!state.allWorkspaces && (
              <MultiSelect
                label="Workspaces that may use it"
                description={
                  state.workspaces.length === 0
                    ? 'None yet: no workspace can bind an alias to it until you choose one.'
                    : 'Only these workspaces can bind an alias to it.'
                }
                placeholder={state.workspaces.length === 0 ? 'Choose workspaces' : undefined}
                data={[
                  ...workspaces.map((w) => ({ value: w.slug, label: w.name })),
                  // A workspace that is gone still shows, so that it can be taken out.
                  ...state.workspaces.filter((slug) => !workspaces.some((w) => w.slug === slug)).map((slug) => ({ value: slug, label: slug })),
                ]}
                value={state.workspaces}
                onChange={(slugs) => edit({ workspaces: slugs }, 'workspaces')}
                searchable
                nothingFoundMessage="No such workspace"
                error={errors.workspaces}
                comboboxProps={{ withinPortal: true }}
                data-testid="connection-workspaces"
              />
            )}
            {state.allWorkspaces && errors.workspaces !== undefined && (
              <Text size="sm" c="red" role="alert">
                {errors.workspaces}
              </Text>
            )}
            <MultiSelect
              label="Limit to groups"
              description={
                groups.isError ? `${GROUPS_HELP} The list of groups could not be loaded: the groups already chosen are kept.` : GROUPS_HELP
              }
              placeholder={state.groups.length === 0 ? 'Everyone in the chosen workspaces' : undefined}
              data={[
                ...(groups.data ?? []).map((g) => g.name),
                // A group that is gone (or not loaded) still shows, so that it can be taken out.
                ...state.groups.filter((name) => !(groups.data ?? []).some((g) => g.name === name)),
              ]}
              value={state.groups}
              onChange={(names) => edit({ groups: names }, 'groups')}
              searchable
              nothingFoundMessage={groups.isSuccess && groups.data.length === 0 ? 'No groups yet: create them in the Groups tab' : 'No such group'}
              error={errors.groups}
              comboboxProps={{ withinPortal: true }}
              data-testid="connection-groups"
            />
          </DrawerSection>

          {formError !== null && (
            <Alert color="red" role="alert" title="The connection could not be saved">
              {formError}
            </Alert>
          )}
          <Divider />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending || impact.isPending}>
              {connection === null ? 'Create connection' : 'Save changes'}
            </Button>
          </Group>
        </Stack>
      </form>
      <PolicyImpactModal
        check={pending?.check ?? null}
        workspaceNames={new Map(workspaces.map((w) => [w.slug, w.name]))}
        saving={save.isPending}
        onSave={() => pending !== null && persist(pending.body)}
        onBack={() => setPending(null)}
      />
    </>
  );
}

interface ConnectionFormDrawerProps {
  opened: boolean;
  /** The connection edited (kept while the drawer closes); null to create a new one. */
  connection: ConnectionView | null;
  /** Changes each time the drawer opens, so that the form starts afresh. */
  formKey: number;
  workspaces: readonly WorkspaceView[];
  onClose: () => void;
  onSaved: (connection: ConnectionView, created: boolean) => void;
}

/** Creates a connection or changes one, in a drawer: the form shows what the chosen kind of system needs. */
export function ConnectionFormDrawer({ opened, connection, formKey, workspaces, onClose, onSaved }: ConnectionFormDrawerProps) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={650}>{connection ? `Edit ${connection.name}` : 'New connection'}</Text>}
    >
      <ConnectionFormBody
        key={formKey}
        connection={connection}
        workspaces={workspaces}
        onClose={onClose}
        onSaved={(saved) => onSaved(saved, connection === null)}
      />
    </Drawer>
  );
}
