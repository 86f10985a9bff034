import type { components } from './schema.gen';

type Schemas = components['schemas'];

export type SessionInfo = Schemas['SessionInfo'];
export type CurrentUser = Schemas['CurrentUser'];
export type Grant = Schemas['Grant'];
export type Role = Schemas['Role'];
export type Section = Schemas['Section'];
export type WorkspaceSummary = Schemas['WorkspaceSummary'];
/** The generator types a free-form object as `{ [key: string]: never }`; the summary holds any JSON. */
export type AuditEvent = Omit<Schemas['AuditEvent'], 'summary'> & { summary: Record<string, unknown> };
export type AuditPage = Omit<Schemas['AuditPage'], 'events'> & { events: AuditEvent[] };
export type AuditOutcome = Schemas['AuditOutcome'];
export type AuditActorKind = Schemas['AuditActorKind'];
export type ChainReport = Schemas['ChainReport'];
export type UserAccount = Schemas['UserAccount'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type GrantRequest = Schemas['GrantRequest'];
export type GroupView = Schemas['GroupView'];
export type GroupMember = Schemas['GroupMember'];
export type CreateGroupRequest = Schemas['CreateGroupRequest'];
export type ApiKeyView = Schemas['ApiKeyView'];
export type CreateApiKeyRequest = Schemas['CreateApiKeyRequest'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type ScimTokenView = Schemas['ScimTokenView'];
export type CreatedScimToken = Schemas['CreatedScimToken'];
export type WorkspaceView = Schemas['WorkspaceView'];
export type CreateWorkspaceRequest = Schemas['CreateWorkspaceRequest'];
export type WorkspaceMembersView = Schemas['WorkspaceMembersView'];
export type WorkspaceGrantView = Schemas['WorkspaceGrantView'];
export type MemberView = Schemas['MemberView'];
export type MemberRoleView = Schemas['MemberRoleView'];
/** Who holds a grant: an account (a person or a service account) or a group. */
export type HolderView = Schemas['HolderView'];
export type ServiceAccountView = Schemas['ServiceAccountView'];
export type CreateServiceAccountRequest = Schemas['CreateServiceAccountRequest'];

// Single sign-on (OpenID Connect). Written by hand until `docs/openapi.json` describes these endpoints;
// they match the API contract exactly, so that switching to `Schemas['…']` changes no caller.

/** How people may sign in here: `GET /api/v1/auth/methods` (public). */
export interface AuthMethods {
  password: boolean;
  oidc: boolean;
}

/** Sends people in the identity provider's group `provider_group` into the Paddock group named `group`. */
export interface OidcGroupMapping {
  provider_group: string;
  group: string;
}

/** `GET /api/v1/settings/oidc`: never the client secret, only whether one is stored. */
export interface OidcSettings {
  enabled: boolean;
  issuer: string;
  client_id: string;
  client_secret_set: boolean;
  groups_claim: string;
  require_sso: boolean;
  group_mappings: OidcGroupMapping[];
}

/** `PUT /api/v1/settings/oidc`: without `client_secret`, the stored one is kept. */
export interface OidcSettingsRequest {
  enabled: boolean;
  issuer: string;
  client_id: string;
  client_secret?: string;
  groups_claim: string;
  require_sso: boolean;
  group_mappings: OidcGroupMapping[];
}

// Workflow runs. The generator types free-form JSON as `{ [key: string]: never }`; these hold any JSON.

/** The type of a workflow input, as declared in its definition. */
export type InputType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'date' | 'file' | 'object' | 'list';

/** One declared input of a workflow: what a run form is built from. */
export interface InputSpec {
  type: InputType;
  required?: boolean;
  default?: unknown;
  description?: string;
  /** How sensitive the value is (`internal`, `confidential/pii`, …). */
  label?: string;
  /** The choices of an `enum` input. */
  values?: string[];
  /** The type of a `list` input's items. */
  items?: InputType;
}

export type Problem = Schemas['ProblemView'];
export type ValidationReport = Omit<Schemas['ValidationReport'], 'inputs'> & { inputs: Record<string, InputSpec> };
export type StepKindView = Omit<Schemas['StepKindView'], 'with_schema' | 'output_schema'>;

/** A step as written in a definition (the run's `definition.steps`). */
export interface DefinitionStep {
  id: string;
  uses: string;
  with?: unknown;
  needs?: string[];
}

/** The validated definition a run runs, as JSON. */
export interface WorkflowDefinition {
  name: string;
  description?: string;
  steps: DefinitionStep[];
}

export type StepView = Omit<Schemas['StepView'], 'input' | 'output'> & { input: unknown; output: unknown };
export type RunView = Omit<Schemas['RunView'], 'inputs' | 'outputs' | 'definition' | 'steps'> & {
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown> | null;
  definition: WorkflowDefinition;
  steps: StepView[];
};
/** A document a run wrote (a `document` step): no `download` once it was deleted at the end of its retention. */
export type ArtifactView = Schemas['ArtifactView'];
export type RunSummary = Schemas['RunSummary'];
export type PendingApproval = Schemas['PendingApprovalView'];
export type TestRunRequest = Omit<Schemas['TestRunRequest'], 'inputs'> & { inputs: Record<string, unknown> };
export type ApprovalDecision = Schemas['DecisionRequest'];

// The model registry (administrators only).
export type Provider = Schemas['Provider'];
export type StructuredOutput = Schemas['StructuredOutput'];
export type ModelView = Schemas['ModelView'];
export type ModelForm = Schemas['ModelForm'];
export type ModelTrial = Schemas['ModelTrial'];
export type WorkspaceLine = Schemas['WorkspaceLine'];
export type WorkspaceUsage = Schemas['WorkspaceUsage'];

// Workflows of a workspace and their drafts.
export type DraftView = Schemas['DraftView'];
export type SaveDraftRequest = Schemas['SaveDraftRequest'];

// The static policy check: where a workflow's labelled data may go.
export type Violation = Schemas['Violation'];
export type PolicyCheckRequest = Schemas['PolicyCheckRequest'];

// Connections to outside systems (administrators), their bindings per workspace and environment, and
// what builders may use. The generator types the kind-specific `settings` as `{ [key: string]: never }`;
// these hold the shapes the API takes for each kind.
export type ConnectorKind = Schemas['ConnectorKind'];
export type ActionAccess = Schemas['Access'];
export type ActionSpec = Omit<Schemas['ActionSpec'], 'input_schema'> & { input_schema: Record<string, unknown> };
export type BindingView = Schemas['BindingView'];
export type ConnectionTest = Schemas['ConnectionTest'];
export type UsableConnection = Omit<Schemas['UsableConnection'], 'actions'> & { actions: ActionSpec[] };

/** How an HTTP connection proves who it is; the secret itself is the connection's credential. */
export type HttpAuth =
  | { type: 'none' }
  | { type: 'bearer' }
  | { type: 'basic'; username: string }
  | { type: 'api_key'; header: string }
  | { type: 'oauth2'; token_url: string; client_id: string; scope?: string };

/** The settings of an `http` connection. `actions` are as the administrator wrote them (templates over `input`). */
export interface HttpSettings {
  base_url: string;
  auth: HttpAuth;
  timeout_seconds?: number;
  actions: Record<string, unknown>[];
}

export type SmtpSecurity = 'starttls' | 'tls' | 'none';

/** The settings of an `smtp` connection. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  from: string;
  allowed_domains: string[];
}

export type SqlEngine = 'postgres' | 'mysql' | 'sqlite';
export type SqlTls = 'disable' | 'prefer' | 'require';

/** What every `sql` connection has: a row limit, a timeout, and its statements as actions. */
interface SqlCommon {
  row_limit?: number;
  timeout_seconds?: number;
  /** As the administrator wrote them: one statement each, with `parameters` as templates over `input`. */
  actions: Record<string, unknown>[];
}

/** The settings of a `sql` connection: a database server (PostgreSQL, MySQL/MariaDB) or a SQLite file. */
export type SqlSettings =
  | (SqlCommon & { engine: 'postgres' | 'mysql'; host: string; port: number; database: string; username?: string; tls: SqlTls })
  | (SqlCommon & { engine: 'sqlite'; path: string });

export type ChatService = 'slack' | 'teams';

/** The settings of a `webhook` connection; the webhook's address is its credential. */
export interface WebhookSettings {
  service: ChatService;
}

export type TicketSystem = 'jira' | 'servicenow' | 'zendesk';

/** The settings of a `ticketing` connection; its actions (create, update, comment, fetch) are built in. */
export interface TicketingSettings {
  system: TicketSystem;
  base_url: string;
  auth: HttpAuth;
  /** Jira: the project new issues go to. */
  project?: string;
  /** Jira: the type of new issues (Task unless given). */
  issue_type?: string;
  /** ServiceNow: the table of new records (incident unless given). */
  table?: string;
  timeout_seconds?: number;
}

/** Where a `files` connection's files are: a folder on the Paddock server (the default), or S3-compatible object storage. */
export type FileStore = 'folder' | 's3';

/** A `files` connection on a folder of the Paddock server; settings stored without `store` are a folder. */
export interface FolderFilesSettings {
  store?: 'folder';
  /** An absolute path. */
  root: string;
  writable: boolean;
}

/** A `files` connection on a bucket (or a folder in one) of S3-compatible storage; the credential is the secret access key. */
export interface S3FilesSettings {
  store: 's3';
  /** The storage service's http(s) address. */
  endpoint: string;
  bucket: string;
  /** us-east-1 unless given. */
  region?: string;
  access_key_id: string;
  /** The folder in the bucket the connection sees; the whole bucket unless given. */
  prefix?: string;
  /** `endpoint/bucket/key` (true, the default) or `bucket.endpoint/key` (false, as AWS prefers). */
  path_style: boolean;
  writable: boolean;
}

/** The settings of a `files` connection; its actions (list, read, and write when writable) are built in. */
export type FilesSettings = FolderFilesSettings | S3FilesSettings;

export type ConnectionSettings = HttpSettings | SmtpSettings | SqlSettings | WebhookSettings | TicketingSettings | FilesSettings;
export type ConnectionForm = Omit<Schemas['ConnectionForm'], 'settings'> & { settings: ConnectionSettings };
export type ConnectionView = Omit<Schemas['ConnectionView'], 'settings' | 'actions'> & {
  /** As stored; read with care, it is whatever was saved for the kind. */
  settings: Record<string, unknown>;
  actions: ActionSpec[];
};

// Comparing two definitions of a workflow: what a reviewer reads. `before` and `after` of a field hold any JSON.
export type Comparison = Schemas['Comparison'];
export type SemanticDiff = Schemas['SemanticDiff'];
export type TextRun = Schemas['TextRun'];
export type DiffOp = Schemas['Op'];
export type FieldChange = Schemas['FieldChange'];
export type StepChange = Schemas['StepChange'];
export type StepRef = Schemas['StepRef'];

// Reviews: a request to deploy a version to an environment, and the environments' publishing rules.
export type ReviewSummary = Schemas['ReviewSummary'];
export type ReviewDetail = Schemas['ReviewDetail'];
export type ReviewStatus = Schemas['ReviewStatus'];
export type ReviewEvent = Schemas['ReviewEventView'];
export type ReviewEventKind = Schemas['ReviewEventKind'];
export type EvidenceRun = Schemas['EvidenceRun'];
export type ReviewDecision = Schemas['ReviewDecision'];
export type EnvironmentView = Schemas['EnvironmentView'];
export type PublishingRule = Schemas['RuleView'];
export type FreezeWindow = Schemas['FreezeWindowView'];
export type CreateEnvironmentRequest = Schemas['CreateEnvironmentRequest'];
export type UpdateEnvironmentRequest = Schemas['UpdateEnvironmentRequest'];
