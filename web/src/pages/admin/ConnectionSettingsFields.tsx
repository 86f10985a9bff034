import { Alert, Badge, Code, Grid, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ChatService, FileStore, SmtpSecurity, SqlEngine, SqlTls, TicketSystem } from '../../api/types';
import {
  AUTH_ORDER,
  AUTH_TYPES,
  DEFAULT_ISSUE_TYPE,
  DEFAULT_ROW_LIMIT,
  DEFAULT_S3_REGION,
  DEFAULT_SQL_TIMEOUT_SECONDS,
  DEFAULT_TABLE,
  DEFAULT_TIMEOUT_SECONDS,
  ENGINE_ORDER,
  ENGINES,
  FILE_STORE_ORDER,
  FILE_STORES,
  MAX_ROW_LIMIT,
  MAX_TIMEOUT_SECONDS,
  SECURITY_OPTIONS,
  SECURITY_ORDER,
  SERVICE_HOSTS,
  SERVICE_ORDER,
  SERVICES,
  SYSTEM_ORDER,
  SYSTEMS,
  TLS_OPTIONS,
  TLS_ORDER,
  type AuthState,
  type AuthType,
  type BuiltInAction,
  type Field,
  type FieldErrors,
  type FilesState,
  type HttpState,
  type SmtpState,
  type SqlState,
  type TicketingState,
  type WebhookState,
} from './connections';

const ACTIONS_EXAMPLE = `[
  {
    "name": "create_ticket",
    "access": "write",
    "description": "Opens a ticket",
    "method": "POST",
    "path": "/tickets",
    "body": { "title": "{{ input.title }}" },
    "input_schema": {
      "type": "object",
      "required": ["title"],
      "properties": { "title": { "type": "string" } }
    }
  }
]`;

interface HttpFieldsProps {
  value: HttpState;
  onChange: (change: Partial<HttpState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

interface AuthFieldsProps {
  value: AuthState;
  onChange: (change: Partial<AuthState>, ...fields: Field[]) => void;
  errors: FieldErrors;
  /** Under the choice of sign-in: what the system expects. */
  description?: string;
}

/** How Paddock signs in to an API (an HTTP API, a ticketing system); the secret itself is the credential. */
export function HttpAuthFields({ value, onChange, errors, description = 'What the API expects with each request.' }: AuthFieldsProps) {
  return (
    <>
      <Select
        label="How Paddock signs in"
        description={description}
        data={AUTH_ORDER.map((type) => ({ value: type, label: AUTH_TYPES[type].label }))}
        value={value.authType}
        onChange={(type) =>
          type !== null &&
          onChange(
            { authType: type as AuthType },
            'settings.auth',
            'settings.auth.username',
            'settings.auth.header',
            'settings.auth.token_url',
            'settings.auth.client_id',
            'settings.auth.scope',
          )
        }
        allowDeselect={false}
        error={errors['settings.auth']}
        comboboxProps={{ withinPortal: true }}
      />
      {value.authType === 'basic' && (
        <TextInput
          label="User name"
          autoComplete="off"
          spellCheck={false}
          value={value.username}
          onChange={(e) => onChange({ username: e.currentTarget.value }, 'settings.auth.username')}
          error={errors['settings.auth.username']}
        />
      )}
      {value.authType === 'api_key' && (
        <TextInput
          label="Header name"
          description="The request header the API key goes in."
          placeholder="X-API-Key"
          autoComplete="off"
          spellCheck={false}
          value={value.header}
          onChange={(e) => onChange({ header: e.currentTarget.value }, 'settings.auth.header')}
          error={errors['settings.auth.header']}
        />
      )}
      {value.authType === 'oauth2' && (
        <>
          <TextInput
            label="Token URL"
            description="Where Paddock asks for an access token."
            placeholder="https://login.example.com/oauth2/token"
            autoComplete="off"
            spellCheck={false}
            value={value.tokenUrl}
            onChange={(e) => onChange({ tokenUrl: e.currentTarget.value }, 'settings.auth.token_url')}
            error={errors['settings.auth.token_url']}
          />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Client id"
              autoComplete="off"
              spellCheck={false}
              value={value.clientId}
              onChange={(e) => onChange({ clientId: e.currentTarget.value }, 'settings.auth.client_id')}
              error={errors['settings.auth.client_id']}
            />
            <TextInput
              label="Scope"
              description="Optional."
              autoComplete="off"
              spellCheck={false}
              value={value.scope}
              onChange={(e) => onChange({ scope: e.currentTarget.value }, 'settings.auth.scope')}
              error={errors['settings.auth.scope']}
            />
          </SimpleGrid>
        </>
      )}
    </>
  );
}

interface TimeoutFieldProps {
  value: number | string;
  onChange: (timeoutSeconds: number | string) => void;
  error: string | undefined;
  /** The seconds waited when it is left empty. */
  otherwise: number;
  /** What is waited for. */
  waitsFor?: string;
}

function TimeoutField({ value, onChange, error, otherwise, waitsFor = 'an answer' }: TimeoutFieldProps) {
  return (
    <NumberInput
      label="Timeout"
      description={`How long to wait for ${waitsFor}, from 1 to ${MAX_TIMEOUT_SECONDS} seconds. Leave it empty for ${otherwise}.`}
      placeholder={`${otherwise} seconds`}
      suffix=" seconds"
      min={1}
      max={MAX_TIMEOUT_SECONDS}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/** Where an HTTP API is and how Paddock signs in to it (the secret itself is the credential, below these). */
export function HttpAddressFields({ value, onChange, errors }: HttpFieldsProps) {
  return (
    <>
      <TextInput
        label="Base URL"
        description="The address every action's path is added to. Its host is always allowed; other hosts go in the network section."
        placeholder="https://tickets.example.com/api"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.baseUrl}
        onChange={(e) => onChange({ baseUrl: e.currentTarget.value }, 'settings.base_url')}
        error={errors['settings.base_url']}
      />
      <HttpAuthFields value={value} onChange={onChange} errors={errors} />
      <TimeoutField
        value={value.timeoutSeconds}
        onChange={(timeoutSeconds) => onChange({ timeoutSeconds }, 'settings.timeout_seconds')}
        error={errors['settings.timeout_seconds']}
        otherwise={DEFAULT_TIMEOUT_SECONDS}
      />
    </>
  );
}

interface ActionsJsonFieldProps {
  intro: ReactNode;
  example: string;
  text: string;
  onChange: (actionsText: string) => void;
  error: string | undefined;
}

/** Actions written as JSON: a full editor is for later. */
function ActionsJsonField({ intro, example, text, onChange, error }: ActionsJsonFieldProps) {
  return (
    <Stack gap="xs">
      <Text size="sm">{intro}</Text>
      <Textarea
        label="Actions (JSON)"
        description="A list between [ and ]. Leave it empty for none: the connection can then only be tested."
        placeholder={example}
        autosize
        minRows={6}
        maxRows={22}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
      />
    </Stack>
  );
}

/** The requests workflows may make. */
export function HttpActionsField({ value, onChange, errors }: HttpFieldsProps) {
  return (
    <ActionsJsonField
      intro={
        <>
          Each action is one request workflows can make by name, such as creating a ticket. Say whether it only reads
          (<Code>read</Code>) or changes something (<Code>write</Code>), its method, and a <Code>path</Code> added to the
          base URL. Put what the workflow passes in with <Code>{'{{ input.title }}'}</Code>.
        </>
      }
      example={ACTIONS_EXAMPLE}
      text={value.actionsText}
      onChange={(actionsText) => onChange({ actionsText }, 'settings.actions')}
      error={errors['settings.actions']}
    />
  );
}

interface SmtpFieldsProps {
  value: SmtpState;
  onChange: (change: Partial<SmtpState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** Where a mail server is, how the connection to it is protected, who mail comes from and where it may go. */
export function SmtpFields({ value, onChange, errors }: SmtpFieldsProps) {
  const chooseSecurity = (security: SmtpSecurity) => {
    // The port follows the security while it is the usual one for it.
    const usual = value.port === '' || value.port === SECURITY_OPTIONS[value.security].port;
    onChange({ security, ...(usual ? { port: SECURITY_OPTIONS[security].port } : {}) }, 'settings.security', 'settings.port');
  };
  return (
    <>
      <Grid gap="md">
        <Grid.Col span={8}>
          <TextInput
            label="Mail server"
            description="Its host name."
            placeholder="smtp.example.com"
            required
            autoComplete="off"
            spellCheck={false}
            value={value.host}
            onChange={(e) => onChange({ host: e.currentTarget.value }, 'settings.host')}
            error={errors['settings.host']}
          />
        </Grid.Col>
        <Grid.Col span={4}>
          <NumberInput
            label="Port"
            description="Usually 587."
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            value={value.port}
            onChange={(port) => onChange({ port }, 'settings.port')}
            error={errors['settings.port']}
          />
        </Grid.Col>
      </Grid>
      <Select
        label="Security"
        description="How the connection to the mail server is protected."
        data={SECURITY_ORDER.map((s) => ({ value: s, label: SECURITY_OPTIONS[s].label }))}
        value={value.security}
        onChange={(s) => s !== null && chooseSecurity(s as SmtpSecurity)}
        allowDeselect={false}
        error={errors['settings.security']}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label="User name"
        description="To sign in to the mail server; its password is the credential below. Leave it empty for a relay that needs none."
        autoComplete="off"
        spellCheck={false}
        value={value.username}
        onChange={(e) => onChange({ username: e.currentTarget.value }, 'settings.username')}
        error={errors['settings.username']}
      />
      <TextInput
        label="From"
        description="The sender of every e-mail the workflows send."
        placeholder="Paddock <paddock@example.com>"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.from}
        onChange={(e) => onChange({ from: e.currentTarget.value }, 'settings.from')}
        error={errors['settings.from']}
      />
      <TextInput
        label="Allowed domains"
        description="Mail may only go to addresses in these domains (and their subdomains). Separate them with commas."
        placeholder="example.com, example.org"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.domainsText}
        onChange={(e) => onChange({ domainsText: e.currentTarget.value }, 'settings.allowed_domains')}
        error={errors['settings.allowed_domains']}
      />
    </>
  );
}

interface SqlFieldsProps {
  value: SqlState;
  onChange: (change: Partial<SqlState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** The usual ports of the database servers: the port follows the engine while it is one of them. */
const USUAL_PORTS = ENGINE_ORDER.map((engine) => ENGINES[engine].port).filter((port) => port !== null);

/** Which database, where it is, who Paddock signs in as (the password is the credential), and its limits. */
export function SqlFields({ value, onChange, errors }: SqlFieldsProps) {
  const chooseEngine = (engine: SqlEngine) => {
    const usual = value.port === '' || USUAL_PORTS.includes(Number(value.port));
    const port = ENGINES[engine].port;
    onChange(
      { engine, ...(usual && port !== null ? { port } : {}) },
      'settings.engine',
      'settings.host',
      'settings.port',
      'settings.database',
      'settings.username',
      'settings.tls',
      'settings.path',
      'settings.actions',
    );
  };
  return (
    <>
      <Select
        label="Kind of database"
        description="The software the database runs on."
        data={ENGINE_ORDER.map((e) => ({ value: e, label: ENGINES[e].label }))}
        value={value.engine}
        onChange={(e) => e !== null && chooseEngine(e as SqlEngine)}
        allowDeselect={false}
        error={errors['settings.engine']}
        comboboxProps={{ withinPortal: true }}
      />
      {value.engine === 'sqlite' ? (
        <TextInput
          label="Database file"
          description="Its full path on the Paddock server."
          placeholder="/var/lib/paddock/claims.db"
          required
          autoComplete="off"
          spellCheck={false}
          value={value.path}
          onChange={(e) => onChange({ path: e.currentTarget.value }, 'settings.path')}
          error={errors['settings.path']}
        />
      ) : (
        <>
          <Grid gap="md">
            <Grid.Col span={8}>
              <TextInput
                label="Database server"
                description="Its host name."
                placeholder="db.example.com"
                required
                autoComplete="off"
                spellCheck={false}
                value={value.host}
                onChange={(e) => onChange({ host: e.currentTarget.value }, 'settings.host')}
                error={errors['settings.host']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <NumberInput
                label="Port"
                description={`Usually ${ENGINES[value.engine].port}.`}
                min={1}
                max={65535}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator={false}
                value={value.port}
                onChange={(port) => onChange({ port }, 'settings.port')}
                error={errors['settings.port']}
              />
            </Grid.Col>
          </Grid>
          <TextInput
            label="Database name"
            description="The database on that server workflows use."
            placeholder="policies"
            required
            autoComplete="off"
            spellCheck={false}
            value={value.database}
            onChange={(e) => onChange({ database: e.currentTarget.value }, 'settings.database')}
            error={errors['settings.database']}
          />
          <TextInput
            label="User name"
            description="The database user Paddock signs in as; its password is the credential below. Give it only the rights the actions need."
            autoComplete="off"
            spellCheck={false}
            value={value.username}
            onChange={(e) => onChange({ username: e.currentTarget.value }, 'settings.username')}
            error={errors['settings.username']}
          />
          <Select
            label="Encryption (TLS)"
            description="Whether the connection to the database server is encrypted."
            data={TLS_ORDER.map((t) => ({ value: t, label: TLS_OPTIONS[t].label }))}
            value={value.tls}
            onChange={(t) => t !== null && onChange({ tls: t as SqlTls }, 'settings.tls')}
            allowDeselect={false}
            error={errors['settings.tls']}
            comboboxProps={{ withinPortal: true }}
          />
        </>
      )}
      <SimpleGrid cols={2} spacing="md">
        <NumberInput
          label="Row limit"
          description={`The most rows a read returns, up to ${MAX_ROW_LIMIT.toLocaleString('en')}. Leave it empty for ${DEFAULT_ROW_LIMIT.toLocaleString('en')}.`}
          placeholder={`${DEFAULT_ROW_LIMIT.toLocaleString('en')} rows`}
          suffix=" rows"
          min={1}
          max={MAX_ROW_LIMIT}
          allowDecimal={false}
          allowNegative={false}
          value={value.rowLimit}
          onChange={(rowLimit) => onChange({ rowLimit }, 'settings.row_limit')}
          error={errors['settings.row_limit']}
        />
        <TimeoutField
          value={value.timeoutSeconds}
          onChange={(timeoutSeconds) => onChange({ timeoutSeconds }, 'settings.timeout_seconds')}
          error={errors['settings.timeout_seconds']}
          otherwise={DEFAULT_SQL_TIMEOUT_SECONDS}
          waitsFor="a statement"
        />
      </SimpleGrid>
    </>
  );
}

const sqlActionsExample = (placeholder: string) => `[
  {
    "name": "find_policy",
    "access": "read",
    "description": "Finds a policy by its number",
    "statement": "SELECT number, holder FROM policies WHERE number = ${placeholder}",
    "parameters": ["{{ input.number }}"],
    "input_schema": {
      "type": "object",
      "required": ["number"],
      "properties": { "number": { "type": "string" } }
    }
  }
]`;

/** The statements workflows may run. */
export function SqlActionsField({ value, onChange, errors }: SqlFieldsProps) {
  const postgres = value.engine === 'postgres';
  return (
    <ActionsJsonField
      intro={
        <>
          Each action is one SQL statement workflows can run by name, such as looking up a policy. Write the values it
          needs as placeholders — {postgres ? <Code>$1</Code> : <Code>?</Code>}
          {postgres ? ', $2… for PostgreSQL' : ' for MySQL, MariaDB and SQLite'} — and list in <Code>parameters</Code>{' '}
          what fills them, in order, such as <Code>{'{{ input.number }}'}</Code>: they are always passed as values, never
          as SQL. A <Code>read</Code> action runs read-only, so it cannot change the database whatever its statement says;
          a <Code>write</Code> action can.
        </>
      }
      example={sqlActionsExample(postgres ? '$1' : '?')}
      text={value.actionsText}
      onChange={(actionsText) => onChange({ actionsText }, 'settings.actions')}
      error={errors['settings.actions']}
    />
  );
}

interface WebhookFieldsProps {
  value: WebhookState;
  onChange: (change: Partial<WebhookState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** Which chat service the channel is on; its webhook's address is the credential, below these. */
export function WebhookFields({ value, onChange, errors }: WebhookFieldsProps) {
  return (
    <>
      <Select
        label="Chat service"
        description="Where the channel is."
        data={SERVICE_ORDER.map((s) => ({ value: s, label: SERVICES[s].label }))}
        value={value.service}
        onChange={(s) => s !== null && onChange({ service: s as ChatService }, 'settings.service', 'credential')}
        allowDeselect={false}
        error={errors['settings.service']}
        comboboxProps={{ withinPortal: true }}
      />
      <Alert color="blue" icon={<IconLock />} p="xs" data-testid="webhook-address-note">
        <Text size="sm">
          {value.service === 'slack'
            ? 'In Slack, add an incoming webhook to the channel and copy its address. '
            : 'In Teams, add a workflow that posts to the channel when a webhook request is received, and copy its address. '}
          The address is a secret: whoever has it can post to the channel. Paste it below: Paddock stores it encrypted and
          never shows it again. Its host ({SERVICE_HOSTS[value.service].join(', ')}) is allowed without listing it under
          Network.
        </Text>
      </Alert>
    </>
  );
}

interface TicketingFieldsProps {
  value: TicketingState;
  onChange: (change: Partial<TicketingState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** Which ticketing system, where it is, how Paddock signs in, and where new tickets go. */
export function TicketingFields({ value, onChange, errors }: TicketingFieldsProps) {
  const system = SYSTEMS[value.system];
  return (
    <>
      <Select
        label="Ticketing system"
        data={SYSTEM_ORDER.map((s) => ({ value: s, label: SYSTEMS[s].label }))}
        value={value.system}
        onChange={(s) =>
          s !== null && onChange({ system: s as TicketSystem }, 'settings.system', 'settings.base_url', 'settings.project', 'settings.issue_type', 'settings.table')
        }
        allowDeselect={false}
        error={errors['settings.system']}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label="Address"
        description={`Your ${system.label} site. Its host is always allowed; other hosts go in the network section.`}
        placeholder={system.example}
        required
        autoComplete="off"
        spellCheck={false}
        value={value.baseUrl}
        onChange={(e) => onChange({ baseUrl: e.currentTarget.value }, 'settings.base_url')}
        error={errors['settings.base_url']}
      />
      {value.system === 'jira' && (
        <SimpleGrid cols={2} spacing="md">
          <TextInput
            label="Project"
            description="The key of the project new issues go to."
            placeholder="IT"
            required
            autoComplete="off"
            spellCheck={false}
            value={value.project}
            onChange={(e) => onChange({ project: e.currentTarget.value }, 'settings.project')}
            error={errors['settings.project']}
          />
          <TextInput
            label="Issue type"
            description={`The type of new issues. Leave it empty for ${DEFAULT_ISSUE_TYPE}.`}
            placeholder={DEFAULT_ISSUE_TYPE}
            autoComplete="off"
            spellCheck={false}
            value={value.issueType}
            onChange={(e) => onChange({ issueType: e.currentTarget.value }, 'settings.issue_type')}
            error={errors['settings.issue_type']}
          />
        </SimpleGrid>
      )}
      {value.system === 'servicenow' && (
        <TextInput
          label="Table"
          description={`The table new records go to. Leave it empty for ${DEFAULT_TABLE}.`}
          placeholder={DEFAULT_TABLE}
          autoComplete="off"
          spellCheck={false}
          value={value.table}
          onChange={(e) => onChange({ table: e.currentTarget.value }, 'settings.table')}
          error={errors['settings.table']}
        />
      )}
      <HttpAuthFields value={value} onChange={onChange} errors={errors} description={system.signIn} />
      <TimeoutField
        value={value.timeoutSeconds}
        onChange={(timeoutSeconds) => onChange({ timeoutSeconds }, 'settings.timeout_seconds')}
        error={errors['settings.timeout_seconds']}
        otherwise={DEFAULT_TIMEOUT_SECONDS}
      />
    </>
  );
}

interface FilesFieldsProps {
  value: FilesState;
  onChange: (change: Partial<FilesState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** The settings of each store, cleared when the store changes. */
const STORE_FIELDS: readonly Field[] = [
  'settings',
  'settings.store',
  'settings.root',
  'settings.endpoint',
  'settings.bucket',
  'settings.region',
  'settings.access_key_id',
  'settings.prefix',
  'settings.path_style',
  'credential',
];

/** Where the files are — a folder on the Paddock server or a bucket of S3-compatible storage — and whether workflows may write there. */
export function FilesFields({ value, onChange, errors }: FilesFieldsProps) {
  return (
    <>
      <Radio.Group
        label="Where the files are"
        value={value.store}
        onChange={(store) => onChange({ store: store as FileStore }, ...STORE_FIELDS)}
        error={errors['settings.store']}
        data-testid="files-store"
      >
        <Stack gap="xs" mt={6}>
          {FILE_STORE_ORDER.map((store) => (
            <Radio key={store} value={store} label={FILE_STORES[store].label} description={FILE_STORES[store].description} data-testid={`files-store-${store}`} />
          ))}
        </Stack>
      </Radio.Group>
      {value.store === 'folder' ? (
        <TextInput
          label="Folder"
          description="Its full path on the Paddock server. Workflows name files inside it and can never reach outside it."
          placeholder="/srv/shares/claims"
          required
          autoComplete="off"
          spellCheck={false}
          value={value.root}
          onChange={(e) => onChange({ root: e.currentTarget.value }, 'settings.root')}
          error={errors['settings.root']}
          data-testid="files-root"
        />
      ) : (
        <S3Fields value={value} onChange={onChange} errors={errors} />
      )}
      <Switch
        label="Workflows may write files here"
        description="Adds the write action, which creates a file or replaces one of the same name. Off, workflows only list and read."
        checked={value.writable}
        onChange={(e) => onChange({ writable: e.currentTarget.checked }, 'settings.writable', 'allowed_actions')}
        error={errors['settings.writable']}
        data-testid="files-writable"
      />
    </>
  );
}

/** Which bucket, on which storage service, signed in as whom (the secret access key is the credential, below these). */
function S3Fields({ value, onChange, errors }: FilesFieldsProps) {
  return (
    <>
      <TextInput
        label="Endpoint"
        description="The address of the storage service. Its host is always allowed; a service on your own network also needs its address range under Network."
        placeholder="https://s3.eu-west-1.amazonaws.com"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.endpoint}
        onChange={(e) => onChange({ endpoint: e.currentTarget.value }, 'settings.endpoint')}
        error={errors['settings.endpoint']}
        data-testid="files-endpoint"
      />
      <SimpleGrid cols={2} spacing="md">
        <TextInput
          label="Bucket"
          description="Its name: lower-case letters, digits, dashes and dots."
          placeholder="acme-claims"
          required
          autoComplete="off"
          spellCheck={false}
          value={value.bucket}
          onChange={(e) => onChange({ bucket: e.currentTarget.value }, 'settings.bucket')}
          error={errors['settings.bucket']}
          data-testid="files-bucket"
        />
        <TextInput
          label="Region"
          description={`Where the bucket is. Leave it empty for ${DEFAULT_S3_REGION}, which most self-hosted storage accepts.`}
          placeholder={DEFAULT_S3_REGION}
          autoComplete="off"
          spellCheck={false}
          value={value.region}
          onChange={(e) => onChange({ region: e.currentTarget.value }, 'settings.region')}
          error={errors['settings.region']}
          data-testid="files-region"
        />
      </SimpleGrid>
      <TextInput
        label="Access key id"
        description="Who Paddock signs in as; the secret access key that goes with it is below. Give it only the rights the connection needs."
        placeholder="AKIA…"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.accessKeyId}
        onChange={(e) => onChange({ accessKeyId: e.currentTarget.value }, 'settings.access_key_id')}
        error={errors['settings.access_key_id']}
        data-testid="files-access-key-id"
      />
      <TextInput
        label="Folder in the bucket"
        description="Optional. Workflows see only the files under it and can never reach outside it. Leave it empty for the whole bucket."
        placeholder="incoming/claims"
        autoComplete="off"
        spellCheck={false}
        value={value.prefix}
        onChange={(e) => onChange({ prefix: e.currentTarget.value }, 'settings.prefix')}
        error={errors['settings.prefix']}
        data-testid="files-prefix"
      />
      <Radio.Group
        label="Address the bucket"
        description="How requests name the bucket. If unsure: by host name for AWS, by path for everything else."
        value={value.pathStyle ? 'path' : 'host'}
        onChange={(style) => onChange({ pathStyle: style === 'path' }, 'settings.path_style')}
        error={errors['settings.path_style']}
        data-testid="files-path-style"
      >
        <Stack gap="xs" mt={6}>
          <Radio value="path" label="By path (MinIO, Ceph…)" description="The endpoint, then the bucket: https://minio.example.com/acme-claims/…" />
          <Radio value="host" label="By host name (AWS)" description="The bucket in the host name: https://acme-claims.s3.eu-west-1.amazonaws.com/…" />
        </Stack>
      </Radio.Group>
    </>
  );
}

/** The actions a kind comes with, shown as they are: nothing to write. */
export function BuiltInActions({ actions, intro }: { actions: readonly BuiltInAction[]; intro: string }) {
  return (
    <Stack gap="xs" data-testid="connection-built-in-actions">
      <Text size="sm">{intro}</Text>
      <Stack gap={6}>
        {actions.map((action) => (
          <Paper key={action.name} withBorder radius="md" p="xs" data-testid={`built-in-action-${action.name}`}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" ff="monospace" fw={600}>
                {action.name}
              </Text>
              <Badge size="xs" variant="light" color={action.access === 'write' ? 'orange' : 'blue'} tt="none">
                {action.access === 'write' ? 'changes data' : 'reads only'}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {action.description} Takes: {action.inputs}.
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
