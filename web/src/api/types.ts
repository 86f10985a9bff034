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
