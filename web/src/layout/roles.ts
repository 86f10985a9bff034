import type { CurrentUser, Role } from '../api/types';

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

export function initials(displayName: string): string {
  const parts = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters
    .map((part) => part?.[0] ?? '')
    .join('')
    .toUpperCase();
}
