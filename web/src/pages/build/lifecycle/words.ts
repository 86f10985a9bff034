import type { CurrentUser, Role } from '../../../api/types';
import { workspacesWithRole } from '../../../layout/roles';
import type { DeploymentKind, EnvironmentView, LifecycleRights, PipelineStage } from './types';

/** "v3". */
export function versionLabel(number: number): string {
  return `v${number}`;
}

const HOW: Readonly<Record<DeploymentKind, string>> = {
  direct: 'deployed directly',
  review: 'approved in a review',
  rollback: 'rolled back',
  emergency_rollback: 'emergency rollback',
};

/** How a version came to be live, in words: "deployed directly", "approved in a review"… */
export function howWords(how: DeploymentKind): string {
  return HOW[how];
}

/** "A, B or C". */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function approvals(count: number): string {
  return count === 1 ? '1 approval' : `${count} approvals`;
}

/** The environment before `environment` in the chain, if any. */
export function previousEnvironment(environments: readonly EnvironmentView[], environment: EnvironmentView): EnvironmentView | null {
  const before = environments.filter((other) => other.position < environment.position).sort((a, b) => b.position - a.position);
  return before[0] ?? null;
}

/**
 * The environment's publishing rule in words: "Production needs 1 approval from IT approvers; the version must have run
 * successfully in Staging first".
 */
export function ruleWords(environment: EnvironmentView, environments: readonly EnvironmentView[]): string {
  const { rule, name } = environment;
  const groups = rule.approver_groups ?? [];
  const parts: string[] = [];
  if (rule.approvals_required === 0) {
    parts.push(
      rule.author_may_deploy
        ? `Builders deploy to ${name} directly, without a review`
        : `${name} needs no approval: a version submitted is deployed at once`,
    );
  } else {
    const from = groups.length > 0 ? orList(groups) : 'an approver of the workspace';
    parts.push(`${name} needs ${approvals(rule.approvals_required)} from ${from}`);
    if (rule.author_may_deploy) parts.push('builders may also deploy here directly');
  }
  if (rule.evidence_required) {
    const before = previousEnvironment(environments, environment);
    parts.push(
      before === null
        ? `the version must have run successfully in ${name} before`
        : `the version must have run successfully in ${before.name} first`,
    );
  }
  return parts.join('; ');
}

function holds(user: CurrentUser, slug: string, roles: readonly Role[]): boolean {
  return workspacesWithRole(user, roles).some((workspace) => workspace.slug === slug);
}

/** What the person may do with a workflow's versions and deployments in the workspace `slug`. */
export function lifecycleRights(user: CurrentUser, slug: string): LifecycleRights {
  return {
    build: holds(user, slug, ['admin', 'builder']),
    run: holds(user, slug, ['admin', 'builder', 'operator']),
    operate: holds(user, slug, ['admin', 'operator']),
    admin: holds(user, slug, ['admin']),
  };
}

/** The stages in chain order. */
export function inChainOrder(stages: readonly PipelineStage[]): PipelineStage[] {
  return [...stages].sort((a, b) => a.environment.position - b.environment.position);
}

/**
 * Where a version would go next: the environment after the last one it is live in (the first environment when it is
 * live nowhere); null when it is live in the last one already.
 */
export function nextEnvironment(stages: readonly PipelineStage[], version: number): string | null {
  const ordered = inChainOrder(stages);
  let last = -1;
  ordered.forEach((stage, index) => {
    if (stage.live?.version === version) last = index;
  });
  return ordered[last + 1]?.environment.slug ?? null;
}
