import type { CurrentUser, Role, WorkspaceSummary } from '../api/types';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  steward: 'Steward',
  builder: 'Builder',
  approver: 'Approver',
  operator: 'Operator',
  consumer: 'Consumer',
  auditor: 'Auditor',
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export interface RoleScope {
  /** "Organisation-wide" or the workspace's name. */
  scope: string;
  roles: Role[];
}

/** The user's roles grouped by where they apply, organisation-wide first. */
export function rolesByScope(user: Pick<CurrentUser, 'grants' | 'workspaces'>): RoleScope[] {
  const names = new Map(user.workspaces.map((workspace) => [workspace.slug, workspace.name]));
  const groups = new Map<string | null, Role[]>();
  for (const grant of user.grants) {
    const workspace = grant.workspace ?? null;
    const roles = groups.get(workspace) ?? [];
    if (!roles.includes(grant.role)) roles.push(grant.role);
    groups.set(workspace, roles);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : 0))
    .map(([workspace, roles]) => ({
      scope: workspace === null ? 'Organisation-wide' : (names.get(workspace) ?? workspace),
      roles,
    }));
}

/**
 * The roles that may build in a workspace: see its workflows, save their drafts and try them
 * (the server's `view_workflows`, `edit_workflows` and `test_workflows`, held by the same roles).
 */
export const BUILD_ROLES: readonly Role[] = ['admin', 'builder'];
/** The roles that may see a workspace's runs (the server's `view_runs`). */
export const VIEW_RUN_ROLES: readonly Role[] = ['admin', 'builder', 'operator', 'auditor'];

/** The user's workspaces where they hold one of `roles`: all of them for an organisation-wide grant. */
export function workspacesWithRole(user: Pick<CurrentUser, 'grants' | 'workspaces'>, roles: readonly Role[]): WorkspaceSummary[] {
  const held = user.grants.filter((grant) => roles.includes(grant.role));
  if (held.some((grant) => (grant.workspace ?? null) === null)) return user.workspaces;
  return user.workspaces.filter((workspace) => held.some((grant) => grant.workspace === workspace.slug));
}

/** The name of the workspace `slug` among the user's, or the slug itself. */
export function workspaceName(user: Pick<CurrentUser, 'workspaces'>, slug: string): string {
  return user.workspaces.find((workspace) => workspace.slug === slug)?.name ?? slug;
}

export function initials(displayName: string): string {
  const parts = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters
    .map((part) => part?.[0] ?? '')
    .join('')
    .toUpperCase();
}
