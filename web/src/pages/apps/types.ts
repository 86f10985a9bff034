import type { components } from '../../api/schema.gen';

type Schemas = components['schemas'];

export type AppSummary = Schemas['AppSummary'];
export type AppDetail = Schemas['AppDetail'];
export type AppInput = Schemas['AppInput'];
export type InterfaceKind = Schemas['InterfaceKind'];

/** The generator types free-form JSON as `unknown`; a run's inputs and outputs are objects by name. */
export type AppRun = Omit<Schemas['AppRun'], 'inputs' | 'outputs'> & {
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown> | null;
};
