import { ApiError, sentence } from '../../api/errors';
import type {
  ActionAccess,
  ChatService,
  ConnectionForm,
  ConnectionSettings,
  ConnectionView,
  ConnectorKind,
  FilesSettings,
  FileStore,
  HttpAuth,
  HttpSettings,
  SmtpSecurity,
  SmtpSettings,
  SqlEngine,
  SqlSettings,
  SqlTls,
  TicketingSettings,
  TicketSystem,
  WebhookSettings,
} from '../../api/types';
import {
  BUILT_IN_WORDS,
  categoriesProblem,
  parseClearance,
  unknownCategories,
  unknownCategoryProblem,
  type LabelWords,
} from './clearance';
import { clearanceOf, type ClearanceValue } from './ClearanceField';
import { credentialBody, type CredentialChange } from './ModelCredentialField';
import { SLUG_MAX_LENGTH } from './slug';

// ---------------------------------------------------------------------------------------------------------------
// Kinds, sign-in schemes and mail security, in words.

interface KindInfo {
  label: string;
  /** The kind in a word or two, for the list (followed by the engine, service or system in brackets). */
  short: string;
  description: string;
  /** The title of the form's section for the kind's settings. */
  section: string;
}

export const KINDS: Readonly<Record<ConnectorKind, KindInfo>> = {
  http: {
    label: 'HTTP API',
    short: 'HTTP API',
    description: 'A web service with a REST or JSON API, such as a ticketing tool, a CRM or an internal service.',
    section: 'Address and sign-in',
  },
  smtp: {
    label: 'E-mail (SMTP)',
    short: 'E-mail (SMTP)',
    description: 'A mail server that sends e-mail for workflows, only to the domains you allow.',
    section: 'Mail server',
  },
  sql: {
    label: 'Database',
    short: 'Database',
    description: 'A PostgreSQL, MySQL, MariaDB or SQLite database, used only through the statements you write here.',
    section: 'Database',
  },
  webhook: {
    label: 'Chat channel (Slack or Teams)',
    short: 'Chat channel',
    description: 'Posts messages to a Slack or Microsoft Teams channel through its incoming webhook.',
    section: 'Chat channel',
  },
  ticketing: {
    label: 'Ticketing system (Jira, ServiceNow, Zendesk)',
    short: 'Ticketing',
    description: 'Opens, changes, comments on and reads tickets, with the same four actions whichever system it is.',
    section: 'Ticketing system',
  },
  files: {
    label: 'Folder of files',
    short: 'Folder of files',
    description:
      'A folder on the Paddock server, such as a mounted share, or a bucket of S3-compatible object storage: workflows read documents there and, if allowed, write generated files. Paths never leave it.',
    section: 'Files',
  },
};

export const KIND_ORDER: readonly ConnectorKind[] = ['http', 'smtp', 'sql', 'webhook', 'ticketing', 'files'];

/**
 * Whether the connection reaches a system over the network; a folder on the server does not, so it has no hosts or
 * address ranges to allow (S3-compatible storage does).
 */
export function usesNetwork(state: { kind: ConnectorKind; files: Pick<FilesState, 'store'> }): boolean {
  return state.kind !== 'files' || state.files.store === 's3';
}

/** Where a files connection's files can be, in words. */
export const FILE_STORES: Readonly<Record<FileStore, { label: string; description: string; short: string }>> = {
  folder: {
    label: 'A folder on the Paddock server',
    description: 'Such as a mounted share or a synced folder.',
    short: 'folder',
  },
  s3: {
    label: 'S3-compatible object storage',
    description: 'A bucket on AWS S3, MinIO, Ceph, Garage or another service that speaks the S3 protocol.',
    short: 'S3 storage',
  },
};

export const FILE_STORE_ORDER: readonly FileStore[] = ['folder', 's3'];

/** The region an S3 connection signs for when none is given, as the API assumes. */
export const DEFAULT_S3_REGION = 'us-east-1';

export type AuthType = HttpAuth['type'];

/** Each way an HTTP API can check who calls it, and what the credential is then. */
export const AUTH_TYPES: Readonly<Record<AuthType, { label: string; credential: string | null }>> = {
  none: { label: 'None: the API is open', credential: null },
  bearer: { label: 'Bearer token', credential: 'The token, sent as “Authorization: Bearer …”.' },
  basic: { label: 'User name and password', credential: 'The password of the user name above.' },
  api_key: { label: 'API key in a header', credential: 'The API key, sent in the header named above.' },
  oauth2: { label: 'OAuth 2.0 client credentials', credential: 'The client secret; Paddock fetches and renews the tokens itself.' },
};

export const AUTH_ORDER: readonly AuthType[] = ['none', 'bearer', 'basic', 'api_key', 'oauth2'];

export const SECURITY_OPTIONS: Readonly<Record<SmtpSecurity, { label: string; port: number }>> = {
  starttls: { label: 'STARTTLS (usually port 587)', port: 587 },
  tls: { label: 'TLS from the start (usually port 465)', port: 465 },
  none: { label: 'None: only for a relay on a trusted network', port: 25 },
};

export const SECURITY_ORDER: readonly SmtpSecurity[] = ['starttls', 'tls', 'none'];

/** The databases a `sql` connection reaches, and the port each listens on unless told otherwise (none: a file). */
export const ENGINES: Readonly<Record<SqlEngine, { label: string; short: string; port: number | null }>> = {
  postgres: { label: 'PostgreSQL', short: 'PostgreSQL', port: 5432 },
  mysql: { label: 'MySQL or MariaDB', short: 'MySQL', port: 3306 },
  sqlite: { label: 'SQLite: a database file on the Paddock server', short: 'SQLite', port: null },
};

export const ENGINE_ORDER: readonly SqlEngine[] = ['postgres', 'mysql', 'sqlite'];

export const TLS_OPTIONS: Readonly<Record<SqlTls, { label: string }>> = {
  require: { label: 'Always: refuse a server without encryption' },
  prefer: { label: 'When the server offers it' },
  disable: { label: 'Never: only for a database on a trusted network' },
};

export const TLS_ORDER: readonly SqlTls[] = ['require', 'prefer', 'disable'];

export const SERVICES: Readonly<Record<ChatService, { label: string; example: string }>> = {
  slack: { label: 'Slack', example: 'https://hooks.slack.com/services/…' },
  teams: { label: 'Microsoft Teams', example: 'https://….webhook.office.com/… or https://….logic.azure.com/…' },
};

export const SERVICE_ORDER: readonly ChatService[] = ['slack', 'teams'];

/** The hosts each chat service's webhooks live on: always allowed, without listing them. */
export const SERVICE_HOSTS: Readonly<Record<ChatService, readonly string[]>> = {
  slack: ['hooks.slack.com'],
  teams: ['*.webhook.office.com', '*.logic.azure.com'],
};

export const SYSTEMS: Readonly<Record<TicketSystem, { label: string; example: string; signIn: string }>> = {
  jira: {
    label: 'Jira',
    example: 'https://your-company.atlassian.net',
    signIn: 'For Jira Cloud, choose “User name and password”: the account’s e-mail address as user name, an API token as credential.',
  },
  servicenow: {
    label: 'ServiceNow',
    example: 'https://your-company.service-now.com',
    signIn: 'ServiceNow takes a user name and password, or OAuth 2.0 client credentials.',
  },
  zendesk: {
    label: 'Zendesk',
    example: 'https://your-company.zendesk.com',
    signIn: 'For an API token, choose “User name and password”: the agent’s e-mail followed by /token as user name (agent@example.com/token), the token as credential.',
  },
};

export const SYSTEM_ORDER: readonly TicketSystem[] = ['jira', 'servicenow', 'zendesk'];

/** The environments an alias is bound in. The API lists none yet, so these are the ones every Paddock has. */
export const BINDING_ENVIRONMENTS: readonly { value: string; label: string }[] = [
  { value: 'dev', label: 'Development' },
  { value: 'staging', label: 'Staging' },
  { value: 'prod', label: 'Production' },
];

export function environmentName(slug: string): string {
  return BINDING_ENVIRONMENTS.find((e) => e.value === slug)?.label ?? slug;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_SQL_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 300;
export const DEFAULT_ROW_LIMIT = 1000;
export const MAX_ROW_LIMIT = 10_000;
export const DEFAULT_ISSUE_TYPE = 'Task';
export const DEFAULT_TABLE = 'incident';
export const MIN_CREDENTIAL_LENGTH = 4;

// ---------------------------------------------------------------------------------------------------------------
// The form's state.

/** How Paddock signs in to an HTTP API or a ticketing system; the secret is the credential. */
export interface AuthState {
  authType: AuthType;
  username: string;
  header: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
}

export interface HttpState extends AuthState {
  baseUrl: string;
  timeoutSeconds: number | string;
  /** The actions as JSON, as typed. */
  actionsText: string;
}

export interface SmtpState {
  host: string;
  port: number | string;
  security: SmtpSecurity;
  username: string;
  from: string;
  /** The domains mail may go to, comma separated, as typed. */
  domainsText: string;
}

export interface SqlState {
  engine: SqlEngine;
  host: string;
  port: number | string;
  database: string;
  username: string;
  tls: SqlTls;
  /** The SQLite file, an absolute path. */
  path: string;
  rowLimit: number | string;
  timeoutSeconds: number | string;
  /** The actions as JSON, as typed. */
  actionsText: string;
}

export interface WebhookState {
  service: ChatService;
}

export interface TicketingState extends AuthState {
  system: TicketSystem;
  baseUrl: string;
  project: string;
  issueType: string;
  table: string;
  timeoutSeconds: number | string;
}

export interface FilesState {
  /** Where the files are: a folder on the server, or S3-compatible object storage. */
  store: FileStore;
  /** The folder, an absolute path on the Paddock server. */
  root: string;
  /** Whether workflows may write files (the folder's or the bucket's). */
  writable: boolean;
  /** S3: the storage service's address. */
  endpoint: string;
  bucket: string;
  /** S3: empty for us-east-1. */
  region: string;
  accessKeyId: string;
  /** S3: the folder in the bucket, empty for the whole bucket. */
  prefix: string;
  /** S3: address the bucket by path (endpoint/bucket) rather than by host name (bucket.endpoint). */
  pathStyle: boolean;
}

export interface ConnectionState {
  name: string;
  kind: ConnectorKind;
  description: string;
  enabled: boolean;
  /** Every kind's settings are kept, so that switching kind and back loses nothing typed. */
  http: HttpState;
  smtp: SmtpState;
  sql: SqlState;
  webhook: WebhookState;
  ticketing: TicketingState;
  files: FilesState;
  readLabel: ClearanceValue;
  writeClearance: ClearanceValue;
  /** One host pattern a line. */
  egressText: string;
  /** One CIDR range a line. */
  rangesText: string;
  /** Whether workflows may call every action the connection declares, including ones added later. */
  allActions: boolean;
  allowedActions: string[];
  allWorkspaces: boolean;
  workspaces: string[];
  /** The groups whose members alone may use it; empty for everyone in its workspaces. */
  groups: string[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function clearanceValue(raw: string, withAll: boolean): ClearanceValue {
  const parts = parseClearance(raw);
  if (parts === null) return { level: 'internal', allCategories: false, categories: [] };
  return { level: parts.level, allCategories: withAll && parts.allCategories, categories: parts.categories };
}

const numberOr = (value: unknown, otherwise: number | string): number | string => (typeof value === 'number' ? value : otherwise);

function actionsText(settings: Record<string, unknown> | null): string {
  const actions = Array.isArray(settings?.actions) ? settings.actions : [];
  return actions.length === 0 ? '' : JSON.stringify(actions, null, 2);
}

function authState(settings: Record<string, unknown> | null, otherwise: AuthType): AuthState {
  const auth = (settings?.auth ?? {}) as Record<string, unknown>;
  return {
    authType: AUTH_ORDER.find((type) => type === auth.type) ?? otherwise,
    username: str(auth.username),
    header: str(auth.header),
    tokenUrl: str(auth.token_url),
    clientId: str(auth.client_id),
    scope: str(auth.scope),
  };
}

function httpState(settings: Record<string, unknown> | null): HttpState {
  return {
    baseUrl: str(settings?.base_url),
    ...authState(settings, 'none'),
    timeoutSeconds: numberOr(settings?.timeout_seconds, ''),
    actionsText: actionsText(settings),
  };
}

function sqlState(settings: Record<string, unknown> | null): SqlState {
  const engine = ENGINE_ORDER.find((e) => e === settings?.engine) ?? 'postgres';
  return {
    engine,
    host: str(settings?.host),
    port: numberOr(settings?.port, ENGINES[engine].port ?? ENGINES.postgres.port ?? ''),
    database: str(settings?.database),
    username: str(settings?.username),
    // The API's own default when none is stored.
    tls: TLS_ORDER.find((t) => t === settings?.tls) ?? 'prefer',
    path: str(settings?.path),
    rowLimit: numberOr(settings?.row_limit, ''),
    timeoutSeconds: numberOr(settings?.timeout_seconds, ''),
    actionsText: actionsText(settings),
  };
}

function webhookState(settings: Record<string, unknown> | null): WebhookState {
  return { service: SERVICE_ORDER.find((s) => s === settings?.service) ?? 'slack' };
}

function ticketingState(settings: Record<string, unknown> | null): TicketingState {
  return {
    system: SYSTEM_ORDER.find((s) => s === settings?.system) ?? 'jira',
    baseUrl: str(settings?.base_url),
    // All three systems take a user name and password (an API token) most often.
    ...authState(settings, settings === null ? 'basic' : 'none'),
    project: str(settings?.project),
    issueType: str(settings?.issue_type),
    table: str(settings?.table),
    timeoutSeconds: numberOr(settings?.timeout_seconds, ''),
  };
}

function filesState(settings: Record<string, unknown> | null): FilesState {
  return {
    // Settings stored before there was a choice have no `store`: a folder.
    store: settings?.store === 's3' ? 's3' : 'folder',
    root: str(settings?.root),
    writable: settings?.writable === true,
    endpoint: str(settings?.endpoint),
    bucket: str(settings?.bucket),
    region: str(settings?.region),
    accessKeyId: str(settings?.access_key_id),
    prefix: str(settings?.prefix),
    // The API's own default when none is stored.
    pathStyle: settings?.path_style !== false,
  };
}

function smtpState(settings: Record<string, unknown> | null): SmtpState {
  const security = SECURITY_ORDER.find((s) => s === settings?.security) ?? 'starttls';
  const domains = Array.isArray(settings?.allowed_domains) ? settings.allowed_domains.map(str) : [];
  return {
    host: str(settings?.host),
    port: typeof settings?.port === 'number' ? settings.port : SECURITY_OPTIONS[security].port,
    security,
    username: str(settings?.username),
    from: str(settings?.from),
    domainsText: domains.join(', '),
  };
}

export function initialState(connection: ConnectionView | null): ConnectionState {
  if (connection === null) {
    return {
      name: '',
      kind: 'http',
      description: '',
      enabled: true,
      http: httpState(null),
      smtp: smtpState(null),
      sql: sqlState(null),
      webhook: webhookState(null),
      ticketing: ticketingState(null),
      files: filesState(null),
      readLabel: { level: 'internal', allCategories: false, categories: [] },
      writeClearance: { level: 'internal', allCategories: false, categories: [] },
      egressText: '',
      rangesText: '',
      allActions: true,
      allowedActions: [],
      allWorkspaces: false,
      workspaces: [],
      groups: [],
    };
  }
  const settings = connection.settings;
  return {
    name: connection.name,
    kind: connection.kind,
    description: connection.description,
    enabled: connection.enabled,
    http: httpState(connection.kind === 'http' ? settings : null),
    smtp: smtpState(connection.kind === 'smtp' ? settings : null),
    sql: sqlState(connection.kind === 'sql' ? settings : null),
    webhook: webhookState(connection.kind === 'webhook' ? settings : null),
    ticketing: ticketingState(connection.kind === 'ticketing' ? settings : null),
    files: filesState(connection.kind === 'files' ? settings : null),
    readLabel: clearanceValue(connection.read_label, false),
    writeClearance: clearanceValue(connection.write_clearance, true),
    egressText: connection.egress.join('\n'),
    rangesText: connection.allowed_ranges.join('\n'),
    allActions: connection.allowed_actions == null,
    allowedActions: connection.allowed_actions ?? [],
    allWorkspaces: connection.all_workspaces,
    workspaces: connection.workspaces,
    groups: connection.groups ?? [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what was typed.

/** The non-empty lines of a text, trimmed, without repeats. */
export function linesOf(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
}

/** The mail domains typed, separated by commas, spaces or lines; a leading @ is dropped. */
export function domainsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((d) => d.trim().replace(/^@/, '').toLowerCase())
        .filter((d) => d !== ''),
    ),
  ];
}

/** A NumberInput's value as a number, or null when empty. */
export function numberOrNull(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.replace(/[,\s]/g, '');
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** An action as the policy section lists it. */
export interface DeclaredAction {
  name: string;
  access: ActionAccess;
  description: string;
}

/** An action a kind of connection comes with, and what a workflow gives it. */
export interface BuiltInAction extends DeclaredAction {
  inputs: string;
}

/** The actions of the kinds whose actions are written for them rather than by the administrator. */
export const BUILT_IN_ACTIONS: Readonly<Partial<Record<ConnectorKind, readonly BuiltInAction[]>>> = {
  smtp: [{ name: 'send', access: 'write', description: 'Sends a plain-text e-mail to recipients in the allowed domains.', inputs: 'to, cc, subject, body' }],
  webhook: [{ name: 'post_message', access: 'write', description: 'Posts a message to the channel of the webhook.', inputs: 'title (optional), text' }],
  ticketing: [
    { name: 'create', access: 'write', description: 'Opens a ticket with a title and a description.', inputs: 'title, description' },
    { name: 'update', access: 'write', description: 'Changes fields of a ticket.', inputs: 'id, fields' },
    { name: 'comment', access: 'write', description: 'Adds a comment to a ticket (internal where the system has the notion).', inputs: 'id, text' },
    { name: 'fetch', access: 'read', description: 'Reads a ticket.', inputs: 'id' },
  ],
  files: [
    { name: 'list', access: 'read', description: 'Lists the files in a folder (the root when none is given).', inputs: 'folder (optional)' },
    { name: 'read', access: 'read', description: 'Reads a file: its text, or its bytes in base64 when it is not text.', inputs: 'path' },
    { name: 'write', access: 'write', description: 'Writes a file (text, or bytes in base64), replacing one of the same name.', inputs: 'path, text or base64' },
  ],
};

/** The built-in actions the connection has with what is typed (a folder's `write` only when it is writable); null for kinds whose actions are written. */
export function builtInActionsOf(state: Pick<ConnectionState, 'kind' | 'files'>): readonly BuiltInAction[] | null {
  const actions = BUILT_IN_ACTIONS[state.kind];
  if (actions === undefined) return null;
  return state.kind === 'files' && !state.files.writable ? actions.filter((a) => a.access === 'read') : actions;
}

export type ParsedActions = { ok: true; actions: Record<string, unknown>[] } | { ok: false; problem: string };

/** "line 3" for a character position in `text`. */
function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

const ACTION_NAME = /^[a-z0-9_.-]{1,63}$/;
const SQL_ACTION_KEYS = new Set(['name', 'access', 'description', 'statement', 'parameters', 'input_schema']);

/** What is wrong with one SQL action, or null. */
function sqlActionProblem(named: string, action: Record<string, unknown>): string | null {
  const unknown = Object.keys(action).find((key) => !SQL_ACTION_KEYS.has(key));
  if (unknown !== undefined) {
    return `${named}: "${unknown}" is not part of a SQL action, which has a "statement" and its "parameters"`;
  }
  if (typeof action.statement !== 'string' || action.statement.trim().replace(/;+\s*$/, '').trim() === '') {
    return `${named}: write its "statement", one SQL statement`;
  }
  if (action.statement.trim().replace(/;+\s*$/, '').includes(';')) {
    return `${named}: one statement only, without ";" inside (pass values as "parameters")`;
  }
  if (action.parameters !== undefined && !Array.isArray(action.parameters)) {
    return `${named}: "parameters" is a list, one value for each placeholder in order, such as ["{{ input.number }}"]`;
  }
  if (action.input_schema !== undefined && (typeof action.input_schema !== 'object' || action.input_schema === null || Array.isArray(action.input_schema))) {
    return `${named}: "input_schema" is a JSON Schema between { and }`;
  }
  return null;
}

/** What is wrong with one HTTP action, or null. */
function httpActionProblem(named: string, action: Record<string, unknown>): string | null {
  if (typeof action.method !== 'string' || action.method.trim() === '') {
    return `${named}: give its "method", such as "GET" or "POST"`;
  }
  if ((action.path === undefined) === (action.url === undefined)) {
    return `${named}: give either a "path" (added to the base URL) or a whole "url"`;
  }
  return null;
}

/**
 * The actions typed as JSON — HTTP requests, or SQL statements for `sql` — or what is wrong with them
 * in words. Empty text is no action.
 */
export function parseActions(text: string, kind: 'http' | 'sql' = 'http'): ParsedActions {
  if (text.trim() === '') return { ok: true, actions: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const position = /position (\d+)/.exec(message)?.[1];
    const line = /line (\d+)/.exec(message)?.[1] ?? (position === undefined ? null : String(lineAt(text, Number(position))));
    return {
      ok: false,
      problem: `This is not valid JSON${line === null ? '' : ` (near line ${line})`}: check the quotes, commas and brackets`,
    };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'Write a list of actions: start with [ and end with ]' };
  const names = new Set<string>();
  for (const [index, item] of parsed.entries()) {
    const which = `Action ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, problem: `${which} is not an action: write each one between { and }` };
    }
    const action = item as Record<string, unknown>;
    if (typeof action.name !== 'string' || action.name.trim() === '') return { ok: false, problem: `${which} has no "name"` };
    const named = `${which} (${action.name})`;
    if (!ACTION_NAME.test(action.name)) {
      return { ok: false, problem: `${named}: write its name in lower-case letters, digits, "_", "." and "-", such as find_policy` };
    }
    if (names.has(action.name)) return { ok: false, problem: `Two actions are named ${action.name}: give each its own name` };
    names.add(action.name);
    if (action.access !== 'read' && action.access !== 'write') {
      return { ok: false, problem: `${named}: set "access" to "read" (it only reads) or "write" (it changes something)` };
    }
    const problem = kind === 'sql' ? sqlActionProblem(named, action) : httpActionProblem(named, action);
    if (problem !== null) return { ok: false, problem };
  }
  return { ok: true, actions: parsed as Record<string, unknown>[] };
}

/** The actions the connection would declare with what is typed; null when the actions typed do not parse. */
export function declaredActions(state: ConnectionState): DeclaredAction[] | null {
  const builtIn = builtInActionsOf(state);
  if (builtIn !== null) return builtIn.map(({ name, access, description }) => ({ name, access, description }));
  const parsed = state.kind === 'sql' ? parseActions(state.sql.actionsText, 'sql') : parseActions(state.http.actionsText);
  if (!parsed.ok) return null;
  return parsed.actions.map((action) => ({
    name: str(action.name),
    access: action.access === 'write' ? 'write' : 'read',
    description: str(action.description),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The body sent.

function authOf(auth: AuthState): HttpAuth {
  switch (auth.authType) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer' };
    case 'basic':
      return { type: 'basic', username: auth.username.trim() };
    case 'api_key':
      return { type: 'api_key', header: auth.header.trim() };
    case 'oauth2': {
      const scope = auth.scope.trim();
      return { type: 'oauth2', token_url: auth.tokenUrl.trim(), client_id: auth.clientId.trim(), ...(scope === '' ? {} : { scope }) };
    }
  }
}

/** `{ key: value }` when the value is given, else nothing: for spreading optional settings. */
function given<K extends string, V>(key: K, value: V | null): { [k in K]?: V } {
  return value === null || value === '' ? {} : ({ [key]: value } as { [k in K]?: V });
}

export function httpSettings(http: HttpState): HttpSettings {
  const parsed = parseActions(http.actionsText);
  const timeout = numberOrNull(http.timeoutSeconds);
  return {
    base_url: http.baseUrl.trim(),
    auth: authOf(http),
    ...(timeout === null ? {} : { timeout_seconds: timeout }),
    actions: parsed.ok ? parsed.actions : [],
  };
}

export function smtpSettings(smtp: SmtpState): SmtpSettings {
  const username = smtp.username.trim();
  return {
    host: smtp.host.trim(),
    port: numberOrNull(smtp.port) ?? SECURITY_OPTIONS[smtp.security].port,
    security: smtp.security,
    ...(username === '' ? {} : { username }),
    from: smtp.from.trim(),
    allowed_domains: domainsOf(smtp.domainsText),
  };
}

export function sqlSettings(sql: SqlState): SqlSettings {
  const parsed = parseActions(sql.actionsText, 'sql');
  const common = {
    ...given('row_limit', numberOrNull(sql.rowLimit)),
    ...given('timeout_seconds', numberOrNull(sql.timeoutSeconds)),
    actions: parsed.ok ? parsed.actions : [],
  };
  if (sql.engine === 'sqlite') return { engine: 'sqlite', path: sql.path.trim(), ...common };
  return {
    engine: sql.engine,
    host: sql.host.trim(),
    port: numberOrNull(sql.port) ?? ENGINES[sql.engine].port ?? 0,
    database: sql.database.trim(),
    ...given('username', sql.username.trim()),
    tls: sql.tls,
    ...common,
  };
}

export function webhookSettings(webhook: WebhookState): WebhookSettings {
  return { service: webhook.service };
}

export function ticketingSettings(ticketing: TicketingState): TicketingSettings {
  return {
    system: ticketing.system,
    base_url: ticketing.baseUrl.trim(),
    auth: authOf(ticketing),
    // Only what the system uses: the API refuses nothing else, but stores what it is sent.
    ...(ticketing.system === 'jira' ? { project: ticketing.project.trim(), ...given('issue_type', ticketing.issueType.trim()) } : {}),
    ...(ticketing.system === 'servicenow' ? given('table', ticketing.table.trim()) : {}),
    ...given('timeout_seconds', numberOrNull(ticketing.timeoutSeconds)),
  };
}

/** A folder in a bucket as typed, without the slashes around it: `/incoming/claims/` → `incoming/claims`. */
export function prefixOf(text: string): string {
  return text
    .trim()
    .split('/')
    .filter((part) => part !== '')
    .join('/');
}

export function filesSettings(files: FilesState): FilesSettings {
  // A folder is sent as it always was, without `store`.
  if (files.store === 'folder') return { root: files.root.trim(), writable: files.writable };
  return {
    store: 's3',
    endpoint: files.endpoint.trim(),
    bucket: files.bucket.trim(),
    ...given('region', files.region.trim()),
    access_key_id: files.accessKeyId.trim(),
    ...given('prefix', prefixOf(files.prefix)),
    path_style: files.pathStyle,
    writable: files.writable,
  };
}

export function settingsOf(state: ConnectionState): ConnectionSettings {
  switch (state.kind) {
    case 'http':
      return httpSettings(state.http);
    case 'smtp':
      return smtpSettings(state.smtp);
    case 'sql':
      return sqlSettings(state.sql);
    case 'webhook':
      return webhookSettings(state.webhook);
    case 'ticketing':
      return ticketingSettings(state.ticketing);
    case 'files':
      return filesSettings(state.files);
  }
}

/** The whole connection as the API replaces it; the credential only when it changes. */
export function formBody(state: ConnectionState, credential: CredentialChange): ConnectionForm {
  const declared = new Set((declaredActions(state) ?? []).map((a) => a.name));
  return {
    name: state.name.trim(),
    kind: state.kind,
    description: state.description.trim(),
    settings: settingsOf(state),
    ...credentialBody(credential),
    read_label: clearanceOf({ ...state.readLabel, allCategories: false }),
    write_clearance: clearanceOf(state.writeClearance),
    // A folder reaches no host: what was typed for another kind is not sent.
    egress: usesNetwork(state) ? linesOf(state.egressText) : [],
    allowed_ranges: usesNetwork(state) ? linesOf(state.rangesText) : [],
    allowed_actions: state.allActions ? null : state.allowedActions.filter((name) => declared.has(name)),
    all_workspaces: state.allWorkspaces,
    workspaces: state.allWorkspaces ? [] : state.workspaces,
    groups: state.groups,
    enabled: state.enabled,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where the connection points, which decides whether its credential may follow.

/**
 * Where the settings point, lower case: `host:port`, a chat service, or a database file (which is on
 * the server: anywhere on it is the same place); null when they do not say.
 */
export function homeOf(kind: ConnectorKind, settings: Record<string, unknown>): string | null {
  if (kind === 'smtp') {
    const host = str(settings.host).trim().toLowerCase();
    return host === '' ? null : `smtp://${host}:${String(settings.port ?? '')}`;
  }
  if (kind === 'sql') {
    const engine = ENGINE_ORDER.find((e) => e === settings.engine);
    if (engine === undefined) return null;
    if (engine === 'sqlite') return 'sqlite:';
    const host = str(settings.host).trim().toLowerCase();
    return host === '' ? null : `sql://${host}:${String(settings.port ?? ENGINES[engine].port)}`;
  }
  if (kind === 'webhook') {
    const service = str(settings.service);
    return service === '' ? null : `webhook:${service}`;
  }
  if (kind === 'files') {
    if (settings.store !== 's3') {
      const root = str(settings.root).trim();
      return root === '' ? null : `files:${root}`;
    }
    // As the API tells: another endpoint, bucket, region or access key id asks for the secret again.
    try {
      const origin = new URL(str(settings.endpoint).trim()).origin;
      const region = str(settings.region).trim() || DEFAULT_S3_REGION;
      return `s3:${origin} ${str(settings.bucket).trim()} ${region} ${str(settings.access_key_id).trim()}`;
    } catch {
      return null;
    }
  }
  try {
    const url = new URL(str(settings.base_url).trim());
    const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
    return `http://${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return null;
  }
}

/** Whether the edited connection now points at another system than the stored one does. */
export function pointsElsewhere(original: ConnectionView, state: ConnectionState): boolean {
  if (original.kind !== state.kind) return true;
  const before = homeOf(original.kind, original.settings);
  const after = homeOf(state.kind, settingsOf(state) as unknown as Record<string, unknown>);
  return before !== null && after !== null && before !== after;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks before sending, and the API's refusals, each under its field.

/** The fields a message can be shown under. `settings` is the settings section as a whole. */
export const FIELDS = [
  'name',
  'kind',
  'description',
  'settings',
  'settings.base_url',
  'settings.auth',
  'settings.auth.username',
  'settings.auth.header',
  'settings.auth.token_url',
  'settings.auth.client_id',
  'settings.auth.scope',
  'settings.timeout_seconds',
  'settings.actions',
  'settings.host',
  'settings.port',
  'settings.security',
  'settings.username',
  'settings.from',
  'settings.allowed_domains',
  'settings.engine',
  'settings.database',
  'settings.tls',
  'settings.path',
  'settings.row_limit',
  'settings.service',
  'settings.system',
  'settings.project',
  'settings.issue_type',
  'settings.table',
  'settings.store',
  'settings.root',
  'settings.endpoint',
  'settings.bucket',
  'settings.region',
  'settings.access_key_id',
  'settings.prefix',
  'settings.path_style',
  'settings.writable',
  'credential',
  'read_label',
  'write_clearance',
  'egress',
  'allowed_ranges',
  'allowed_actions',
  'workspaces',
  'groups',
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldErrors = Partial<Record<Field, string>>;

const NAME = /^[a-z][a-z0-9-]*$/;
const NAME_RULE = 'Use lower-case letters, digits and dashes, starting with a letter (for example tickets-sandbox)';
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;

const FULL_ADDRESS = 'Write the address in full, starting with https:// (or http:// for a service in your network)';
const SLUG_SETTING = /^[A-Za-z0-9_-]{1,64}$/;

function checkAddress(baseUrl: string, empty: string, found: FieldErrors) {
  if (baseUrl.trim() === '') found['settings.base_url'] = empty;
  else if (!/^https?:\/\/[^/\s]+/i.test(baseUrl.trim())) found['settings.base_url'] = FULL_ADDRESS;
}

function checkAuth(auth: AuthState, found: FieldErrors) {
  if (auth.authType === 'basic' && auth.username.trim() === '') found['settings.auth.username'] = 'Give the user name to sign in with';
  if (auth.authType === 'api_key' && auth.header.trim() === '') found['settings.auth.header'] = 'Give the header the API key goes in, such as X-API-Key';
  if (auth.authType === 'oauth2') {
    if (!/^https?:\/\/\S+/i.test(auth.tokenUrl.trim())) found['settings.auth.token_url'] = 'Give the full address tokens are fetched from, starting with https://';
    if (auth.clientId.trim() === '') found['settings.auth.client_id'] = 'Give the client id Paddock signs in with';
  }
}

/** A whole number from `min` to `max`, or empty for the default. */
function checkWhole(value: number | string, min: number, max: number, problem: string): string | undefined {
  const n = numberOrNull(value);
  return n !== null && (n < min || n > max || !Number.isInteger(n)) ? problem : undefined;
}

function checkTimeout(value: number | string, otherwise: number, found: FieldErrors) {
  const problem = checkWhole(value, 1, MAX_TIMEOUT_SECONDS, `Give a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, or leave it empty for ${otherwise}`);
  if (problem !== undefined) found['settings.timeout_seconds'] = problem;
}

function checkServer(host: string, port: number | string, what: string, example: string, found: FieldErrors) {
  if (host.trim() === '') found['settings.host'] = `Give the ${what}’s host name, such as ${example}`;
  else if (!HOST_PATTERN.test(host.trim()) || host.includes(':')) {
    found['settings.host'] = `Write only the host name, such as ${example}: the port goes in its own field`;
  }
  const n = numberOrNull(port);
  if (n === null || n < 1 || n > 65535 || !Number.isInteger(n)) found['settings.port'] = 'Give a port number from 1 to 65535';
}

function checkHttp(http: HttpState, found: FieldErrors) {
  checkAddress(http.baseUrl, 'Give the address of the API, such as https://tickets.example.com/api', found);
  checkAuth(http, found);
  checkTimeout(http.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS, found);
  const actions = parseActions(http.actionsText);
  if (!actions.ok) found['settings.actions'] = actions.problem;
}

function checkSmtp(smtp: SmtpState, found: FieldErrors) {
  checkServer(smtp.host, smtp.port, 'mail server', 'smtp.example.com', found);
  const from = smtp.from.trim();
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(from) && !/<[^@\s<>]+@[^@\s<>]+>$/.test(from)) {
    found['settings.from'] = 'Give the sender’s address, such as paddock@example.com or Paddock <paddock@example.com>';
  }
  if (domainsOf(smtp.domainsText).length === 0) found['settings.allowed_domains'] = 'Name at least one domain mail may go to, such as example.com';
}

function checkSql(sql: SqlState, found: FieldErrors) {
  if (sql.engine === 'sqlite') {
    if (!sql.path.trim().startsWith('/')) {
      found['settings.path'] = 'Give the full path of the database file on the Paddock server, starting with /, such as /var/lib/paddock/claims.db';
    }
  } else {
    checkServer(sql.host, sql.port, 'database server', 'db.example.com', found);
    if (sql.database.trim() === '') found['settings.database'] = 'Give the name of the database to connect to';
  }
  const rows = checkWhole(sql.rowLimit, 1, MAX_ROW_LIMIT, `Give a whole number of rows from 1 to ${MAX_ROW_LIMIT.toLocaleString('en')}, or leave it empty for ${DEFAULT_ROW_LIMIT.toLocaleString('en')}`);
  if (rows !== undefined) found['settings.row_limit'] = rows;
  checkTimeout(sql.timeoutSeconds, DEFAULT_SQL_TIMEOUT_SECONDS, found);
  const actions = parseActions(sql.actionsText, 'sql');
  if (!actions.ok) found['settings.actions'] = actions.problem;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_ACCESS_KEY_ID_LENGTH = 128;

/** What is wrong with the storage service's address typed, or null. */
function endpointProblem(typed: string): string | null {
  const endpoint = typed.trim();
  if (endpoint === '') return 'Give the address of the storage service, such as https://s3.eu-west-1.amazonaws.com or https://minio.example.com:9000';
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    // Not an address at all: said below.
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    return 'Write the storage service’s address in full, starting with https:// (or http:// for a service in your network), such as https://s3.eu-west-1.amazonaws.com';
  }
  if (url.username !== '' || url.password !== '') {
    return 'Take the user name and password out of the address: the access key id has its own field, and the secret goes in the credential field';
  }
  return null;
}

function checkFiles(files: FilesState, found: FieldErrors) {
  if (files.store === 'folder') {
    if (!files.root.trim().startsWith('/')) {
      found['settings.root'] = 'Give the folder’s full path on the Paddock server, starting with /, such as /srv/shares/claims';
    }
    return;
  }
  const endpoint = endpointProblem(files.endpoint);
  if (endpoint !== null) found['settings.endpoint'] = endpoint;
  const bucket = files.bucket.trim();
  if (bucket === '') found['settings.bucket'] = 'Give the name of the bucket, such as acme-claims';
  else if (!BUCKET.test(bucket)) {
    found['settings.bucket'] =
      'A bucket’s name has 3 to 63 characters: lower-case letters, digits, dashes (-) and dots (.), starting and ending with a letter or digit';
  }
  if (/\s/.test(files.region.trim())) found['settings.region'] = 'Write the region as the storage service names it, such as eu-west-1, or leave it empty';
  const keyId = files.accessKeyId.trim();
  if (keyId === '') found['settings.access_key_id'] = 'Give the access key id Paddock signs in with';
  else if (keyId.length > MAX_ACCESS_KEY_ID_LENGTH) found['settings.access_key_id'] = `An access key id has at most ${MAX_ACCESS_KEY_ID_LENGTH} characters`;
  if (files.prefix.split('/').some((part) => part.trim() === '..')) {
    found['settings.prefix'] = 'Name a folder inside the bucket, such as incoming/claims, without ..';
  }
}

function checkTicketing(ticketing: TicketingState, found: FieldErrors) {
  const system = SYSTEMS[ticketing.system];
  checkAddress(ticketing.baseUrl, `Give the address of your ${system.label}, such as ${system.example}`, found);
  checkAuth(ticketing, found);
  if (ticketing.system === 'jira') {
    const project = ticketing.project.trim();
    if (project === '') found['settings.project'] = 'Give the key of the Jira project new issues go to, such as IT';
    else if (!SLUG_SETTING.test(project)) found['settings.project'] = 'Write the project’s key, such as IT: letters, digits, _ and -';
  }
  if (ticketing.system === 'servicenow' && ticketing.table.trim() !== '' && !SLUG_SETTING.test(ticketing.table.trim())) {
    found['settings.table'] = 'Write the table’s name, such as incident: letters, digits, _ and -';
  }
  checkTimeout(ticketing.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS, found);
}

/** Whether `host` is one of `patterns` (`api.example.com`, `*.example.com`, a port ignored). */
function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const bare = pattern.toLowerCase().replace(/:\d+$/, '');
    return bare.startsWith('*.') ? host.endsWith(bare.slice(1)) : host === bare;
  });
}

/** What is wrong with the webhook address typed, or undefined. */
function webhookProblem(state: ConnectionState, address: string): string | null {
  const service = state.webhook.service;
  let url: URL | null = null;
  try {
    url = new URL(address);
  } catch {
    // Not an address at all: said below.
  }
  if (url === null || url.protocol !== 'https:' || url.hostname === '') {
    return `Paste the webhook’s whole address, starting with https://, such as ${SERVICES[service].example}`;
  }
  const allowed = [...SERVICE_HOSTS[service], ...linesOf(state.egressText)];
  if (!hostAllowed(url.hostname.toLowerCase(), allowed)) {
    return `${url.hostname} is not a ${SERVICES[service].label} webhook host (${SERVICE_HOSTS[service].join(', ')}): check the address, or add its host under “Other hosts it may reach”`;
  }
  return null;
}

/** The first category the catalogue does not have, as the API would refuse it; null when all are known (or it is not loaded). */
function unknownProblem(categories: readonly string[], words: LabelWords): string | null {
  const unknown = unknownCategories(categories, words)[0];
  return unknown === undefined ? null : unknownCategoryProblem(unknown);
}

/** What is wrong with the form before it is sent, field by field; empty when nothing is. */
export function check(state: ConnectionState, credential: CredentialChange, stored = false, words: LabelWords = BUILT_IN_WORDS): FieldErrors {
  const found: FieldErrors = {};
  const name = state.name.trim();
  if (name === '') found.name = 'Give the connection a name: you choose it when you bind an alias to it';
  else if (name.length > SLUG_MAX_LENGTH || !NAME.test(name) || name.endsWith('-')) found.name = NAME_RULE;

  switch (state.kind) {
    case 'http':
      checkHttp(state.http, found);
      break;
    case 'smtp':
      checkSmtp(state.smtp, found);
      break;
    case 'sql':
      checkSql(state.sql, found);
      break;
    case 'webhook':
      break;
    case 'ticketing':
      checkTicketing(state.ticketing, found);
      break;
    case 'files':
      checkFiles(state.files, found);
      break;
  }

  // Empty keeps the stored one (or stores none), as the placeholder says.
  const typed = credentialBody(credential).credential;
  const s3 = state.kind === 'files' && state.files.store === 's3';
  if (typed !== undefined && typed !== '') {
    const problem =
      typed.length < MIN_CREDENTIAL_LENGTH
        ? `A credential has at least ${MIN_CREDENTIAL_LENGTH} characters`
        : state.kind === 'webhook'
          ? webhookProblem(state, typed)
          : null;
    if (problem !== null) found.credential = problem;
  } else if (state.kind === 'webhook' && !stored && typed === undefined) {
    // Without its address a webhook connection can post nowhere.
    found.credential = `Paste the webhook’s address, such as ${SERVICES[state.webhook.service].example}`;
  } else if (s3 && !stored && typed === undefined) {
    // Without its secret, no request to the bucket can be signed.
    found.credential = 'Give the secret access key that goes with the access key id';
  }

  const labelProblem = categoriesProblem(state.readLabel.categories) ?? unknownProblem(state.readLabel.categories, words);
  if (labelProblem !== null) found.read_label = labelProblem;
  if (!state.writeClearance.allCategories) {
    const problem = categoriesProblem(state.writeClearance.categories) ?? unknownProblem(state.writeClearance.categories, words);
    if (problem !== null) found.write_clearance = problem;
  }

  if (!usesNetwork(state)) return found;
  const badHost = linesOf(state.egressText).find((line) => !HOST_PATTERN.test(line));
  if (badHost !== undefined) {
    found.egress = `“${badHost}” is not a host: write one per line, such as api.example.com or *.example.com:8443, without https:// or a path`;
  }
  const badRange = linesOf(state.rangesText).find((line) => !CIDR.test(line));
  if (badRange !== undefined) found.allowed_ranges = `“${badRange}” is not an address range: write one per line, such as 10.20.0.0/16`;
  return found;
}

/** `settings.actions[2].method: …` → "Action 3, method: …". */
function actionsMessage(rest: string): string {
  const match = /^actions\[(\d+)\](?:\.([a-z_]+))?:?\s*(.*)$/s.exec(rest);
  if (match === null) return sentence(rest.replace(/^actions:\s*/, ''));
  const [, index, part, message] = match;
  return `Action ${Number(index) + 1}${part ? `, ${part}` : ''}: ${message}`;
}

/** Where a settings problem the API named (`settings.base_url: must be …`) belongs, and what to say there. */
function placedSetting(reason: string): { field: Field; message: string } {
  const match = /^settings\.([a-z_]+)(?:\.([a-z_]+))?(.*)$/s.exec(reason);
  if (match === null) return { field: 'settings', message: sentence(reason.replace(/^settings\.*:?\s*/, '')) };
  const [, first = '', second, tail = ''] = match;
  const message = tail.replace(/^[^:]*:\s*/, '');
  if (first === 'actions') return { field: 'settings.actions', message: actionsMessage(reason.slice('settings.'.length)) };
  if (first === 'auth') {
    const field = `settings.auth.${second ?? ''}` as Field;
    if (second !== undefined && (FIELDS as readonly string[]).includes(field)) return { field, message: sentence(message) };
    return { field: 'settings.auth', message: sentence(tail.replace(/^[^:]*:\s*/, '') || reason) };
  }
  if (first === 'base_url') {
    if (/credential/.test(message)) {
      return { field: 'settings.base_url', message: 'Take the user name and password out of the address: put the secret in the credential field instead' };
    }
    return { field: 'settings.base_url', message: FULL_ADDRESS };
  }
  const field = `settings.${first}` as Field;
  if ((FIELDS as readonly string[]).includes(field)) return { field, message: sentence(message || reason) };
  return { field: 'settings', message: sentence(reason.replace(/^settings\./, '')) };
}

/** Where the API's refusal belongs and what to say there; undefined when it names no field of the form. */
export function placed(error: unknown): { field: Field; message: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'already_exists') return { field: 'name', message: 'Another connection already has this name' };
  const field = error.field;
  if (field === undefined) return undefined;
  const reason = typeof error.details.reason === 'string' && error.details.reason !== '' ? error.details.reason : error.fieldMessage;
  if (field === 'settings' || field.startsWith('settings.')) return placedSetting(field === 'settings' ? reason : `${field}: ${reason}`);
  if (field === 'name') return { field, message: NAME_RULE };
  if (!(FIELDS as readonly string[]).includes(field)) return undefined;
  return { field: field as Field, message: sentence(reason) };
}

// ---------------------------------------------------------------------------------------------------------------
// The list.

/** Whether the connection may be used (and so bound) in the workspace. */
export function openTo(connection: ConnectionView, workspace: string): boolean {
  return connection.all_workspaces || connection.workspaces.includes(workspace);
}
