import type { components } from './schema.gen';

type Schemas = components['schemas'];

export type SessionInfo = Schemas['SessionInfo'];
export type CurrentUser = Schemas['CurrentUser'];
export type Grant = Schemas['Grant'];
export type Role = Schemas['Role'];
export type Section = Schemas['Section'];
export type WorkspaceSummary = Schemas['WorkspaceSummary'];
