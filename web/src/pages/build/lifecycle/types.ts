import type { components } from '../../../api/schema.gen';

type Schemas = components['schemas'];

// Versions, comparisons, deployments and reviews of one workflow, as the API answers them.
export type VersionView = Schemas['VersionView'];
export type VersionDetail = Schemas['VersionDetail'];
export type Comparison = Schemas['Comparison'];
export type Pipeline = Schemas['Pipeline'];
export type PipelineStage = Schemas['PipelineStage'];
export type EnvironmentView = Schemas['EnvironmentView'];
export type RuleView = Schemas['RuleView'];
export type DeploymentView = Schemas['DeploymentView'];
export type DeploymentKind = Schemas['DeploymentKind'];
export type InFlight = Schemas['InFlight'];
export type ReviewSummary = Schemas['ReviewSummary'];
export type ReviewDetail = Schemas['ReviewDetail'];

/** A side of a comparison: a version's number, or the draft. */
export type Side = number | 'draft';

/** What the person may do with this workflow's lifecycle, from their roles in its workspace. */
export interface LifecycleRights {
  /** Cut versions, restore them, deploy where the rule allows, submit for review, roll back under the rule. */
  build: boolean;
  /** Run what is live. */
  run: boolean;
  /** Freeze and unfreeze. */
  operate: boolean;
  /** Emergency rollback. */
  admin: boolean;
}
