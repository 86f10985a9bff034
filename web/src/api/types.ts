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
