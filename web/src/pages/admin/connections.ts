import { ApiError, sentence } from '../../api/errors';
import type {
  ActionAccess,
  ConnectionForm,
  ConnectionSettings,
  ConnectionView,
  ConnectorKind,
  HttpAuth,
  HttpSettings,
  SmtpSecurity,
  SmtpSettings,
} from '../../api/types';
import { categoriesOf, categoriesProblem, parseClearance } from './clearance';
import { clearanceOf, type ClearanceValue } from './ClearanceField';
import { credentialBody, type CredentialChange } from './ModelCredentialField';
import { SLUG_MAX_LENGTH } from './slug';

// ---------------------------------------------------------------------------------------------------------------
// Kinds, sign-in schemes and mail security, in words.

interface KindInfo {
  label: string;
  description: string;
}

export const KINDS: Readonly<Record<ConnectorKind, KindInfo>> = {
  http: {
    label: 'HTTP API',
    description: 'A web service with a REST or JSON API, such as a ticketing tool, a CRM or an internal service.',
  },
  smtp: {
    label: 'E-mail (SMTP)',
    description: 'A mail server that sends e-mail for workflows, only to the domains you allow.',
  },
};

export const KIND_ORDER: readonly ConnectorKind[] = ['http', 'smtp'];

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
export const MAX_TIMEOUT_SECONDS = 300;
export const MIN_CREDENTIAL_LENGTH = 4;

// ---------------------------------------------------------------------------------------------------------------
// The form's state.

export interface HttpState {
  baseUrl: string;
  authType: AuthType;
  username: string;
  header: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
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

export interface ConnectionState {
  name: string;
  kind: ConnectorKind;
  description: string;
  enabled: boolean;
  /** Both kinds' settings are kept, so that switching kind and back loses nothing typed. */
  http: HttpState;
  smtp: SmtpState;
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
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function clearanceValue(raw: string, withAll: boolean): ClearanceValue {
  const parts = parseClearance(raw);
  if (parts === null) return { level: 'internal', allCategories: false, categoriesText: '' };
  return { level: parts.level, allCategories: withAll && parts.allCategories, categoriesText: parts.categories.join(', ') };
}

function httpState(settings: Record<string, unknown> | null): HttpState {
  const auth = (settings?.auth ?? {}) as Record<string, unknown>;
  const authType = AUTH_ORDER.find((type) => type === auth.type) ?? 'none';
  const actions = Array.isArray(settings?.actions) ? settings.actions : [];
  return {
    baseUrl: str(settings?.base_url),
    authType,
    username: str(auth.username),
    header: str(auth.header),
    tokenUrl: str(auth.token_url),
    clientId: str(auth.client_id),
    scope: str(auth.scope),
    timeoutSeconds: typeof settings?.timeout_seconds === 'number' ? settings.timeout_seconds : '',
    actionsText: actions.length === 0 ? '' : JSON.stringify(actions, null, 2),
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
      readLabel: { level: 'internal', allCategories: false, categoriesText: '' },
      writeClearance: { level: 'internal', allCategories: false, categoriesText: '' },
      egressText: '',
      rangesText: '',
      allActions: true,
      allowedActions: [],
      allWorkspaces: false,
      workspaces: [],
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
    readLabel: clearanceValue(connection.read_label, false),
    writeClearance: clearanceValue(connection.write_clearance, true),
    egressText: connection.egress.join('\n'),
    rangesText: connection.allowed_ranges.join('\n'),
    allActions: connection.allowed_actions == null,
    allowedActions: connection.allowed_actions ?? [],
    allWorkspaces: connection.all_workspaces,
    workspaces: connection.workspaces,
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

export type ParsedActions = { ok: true; actions: Record<string, unknown>[] } | { ok: false; problem: string };

/** "line 3" for a character position in `text`. */
function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

/** The HTTP actions typed as JSON, or what is wrong with them in words. Empty text is no action. */
export function parseActions(text: string): ParsedActions {
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
    if (names.has(action.name)) return { ok: false, problem: `Two actions are named ${action.name}: give each its own name` };
    names.add(action.name);
    if (action.access !== 'read' && action.access !== 'write') {
      return { ok: false, problem: `${named}: set "access" to "read" (it only reads) or "write" (it changes something)` };
    }
    if (typeof action.method !== 'string' || action.method.trim() === '') {
      return { ok: false, problem: `${named}: give its "method", such as "GET" or "POST"` };
    }
    if ((action.path === undefined) === (action.url === undefined)) {
      return { ok: false, problem: `${named}: give either a "path" (added to the base URL) or a whole "url"` };
    }
  }
  return { ok: true, actions: parsed as Record<string, unknown>[] };
}

/** The actions the connection would declare with what is typed; null when the HTTP actions do not parse. */
export function declaredActions(state: ConnectionState): DeclaredAction[] | null {
  if (state.kind === 'smtp') return [{ name: 'send', access: 'write', description: 'Sends a plain-text e-mail to recipients in the allowed domains.' }];
  const parsed = parseActions(state.http.actionsText);
  if (!parsed.ok) return null;
  return parsed.actions.map((action) => ({
    name: str(action.name),
    access: action.access === 'write' ? 'write' : 'read',
    description: str(action.description),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The body sent.

function authOf(http: HttpState): HttpAuth {
  switch (http.authType) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer' };
    case 'basic':
      return { type: 'basic', username: http.username.trim() };
    case 'api_key':
      return { type: 'api_key', header: http.header.trim() };
    case 'oauth2': {
      const scope = http.scope.trim();
      return { type: 'oauth2', token_url: http.tokenUrl.trim(), client_id: http.clientId.trim(), ...(scope === '' ? {} : { scope }) };
    }
  }
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

export function settingsOf(state: ConnectionState): ConnectionSettings {
  return state.kind === 'http' ? httpSettings(state.http) : smtpSettings(state.smtp);
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
    egress: linesOf(state.egressText),
    allowed_ranges: linesOf(state.rangesText),
    allowed_actions: state.allActions ? null : state.allowedActions.filter((name) => declared.has(name)),
    all_workspaces: state.allWorkspaces,
    workspaces: state.allWorkspaces ? [] : state.workspaces,
    enabled: state.enabled,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where the connection points, which decides whether its credential may follow.

/** `host:port` the settings point at, lower case; null when they do not say. */
export function homeOf(kind: ConnectorKind, settings: Record<string, unknown>): string | null {
  if (kind === 'smtp') {
    const host = str(settings.host).trim().toLowerCase();
    return host === '' ? null : `smtp://${host}:${String(settings.port ?? '')}`;
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
  'credential',
  'read_label',
  'write_clearance',
  'egress',
  'allowed_ranges',
  'allowed_actions',
  'workspaces',
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldErrors = Partial<Record<Field, string>>;

const NAME = /^[a-z][a-z0-9-]*$/;
const NAME_RULE = 'Use lower-case letters, digits and dashes, starting with a letter (for example tickets-sandbox)';
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;

/** What is wrong with the form before it is sent, field by field; empty when nothing is. */
export function check(state: ConnectionState, credential: CredentialChange): FieldErrors {
  const found: FieldErrors = {};
  const name = state.name.trim();
  if (name === '') found.name = 'Give the connection a name: you choose it when you bind an alias to it';
  else if (name.length > SLUG_MAX_LENGTH || !NAME.test(name) || name.endsWith('-')) found.name = NAME_RULE;

  if (state.kind === 'http') {
    const { http } = state;
    if (http.baseUrl.trim() === '') found['settings.base_url'] = 'Give the address of the API, such as https://tickets.example.com/api';
    else if (!/^https?:\/\/[^/\s]+/i.test(http.baseUrl.trim())) {
      found['settings.base_url'] = 'Write the address in full, starting with https:// (or http:// for a service in your network)';
    }
    if (http.authType === 'basic' && http.username.trim() === '') found['settings.auth.username'] = 'Give the user name to sign in with';
    if (http.authType === 'api_key' && http.header.trim() === '') found['settings.auth.header'] = 'Give the header the API key goes in, such as X-API-Key';
    if (http.authType === 'oauth2') {
      if (!/^https?:\/\/\S+/i.test(http.tokenUrl.trim())) found['settings.auth.token_url'] = 'Give the full address tokens are fetched from, starting with https://';
      if (http.clientId.trim() === '') found['settings.auth.client_id'] = 'Give the client id Paddock signs in with';
    }
    const timeout = numberOrNull(http.timeoutSeconds);
    if (timeout !== null && (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS || !Number.isInteger(timeout))) {
      found['settings.timeout_seconds'] = `Give a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, or leave it empty for ${DEFAULT_TIMEOUT_SECONDS}`;
    }
    const actions = parseActions(http.actionsText);
    if (!actions.ok) found['settings.actions'] = actions.problem;
  } else {
    const { smtp } = state;
    if (smtp.host.trim() === '') found['settings.host'] = 'Give the mail server’s host name, such as smtp.example.com';
    else if (!HOST_PATTERN.test(smtp.host.trim()) || smtp.host.includes(':')) {
      found['settings.host'] = 'Write only the host name, such as smtp.example.com: the port goes in its own field';
    }
    const port = numberOrNull(smtp.port);
    if (port === null || port < 1 || port > 65535 || !Number.isInteger(port)) found['settings.port'] = 'Give a port number from 1 to 65535';
    const from = smtp.from.trim();
    if (!/^[^@\s<>]+@[^@\s<>]+$/.test(from) && !/<[^@\s<>]+@[^@\s<>]+>$/.test(from)) {
      found['settings.from'] = 'Give the sender’s address, such as paddock@example.com or Paddock <paddock@example.com>';
    }
    if (domainsOf(smtp.domainsText).length === 0) found['settings.allowed_domains'] = 'Name at least one domain mail may go to, such as example.com';
  }

  if (credential.kind === 'set') {
    const value = credential.value.trim();
    // Empty keeps the stored one (or stores none), as the placeholder says.
    if (value !== '' && value.length < MIN_CREDENTIAL_LENGTH) found.credential = `A credential has at least ${MIN_CREDENTIAL_LENGTH} characters`;
  }

  const labelProblem = categoriesProblem(categoriesOf(state.readLabel.categoriesText));
  if (labelProblem !== null) found.read_label = labelProblem;
  if (!state.writeClearance.allCategories) {
    const problem = categoriesProblem(categoriesOf(state.writeClearance.categoriesText));
    if (problem !== null) found.write_clearance = problem;
  }

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
    return { field: 'settings.base_url', message: 'Write the address in full, starting with https:// (or http:// for a service in your network)' };
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
