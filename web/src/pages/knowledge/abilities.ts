import type { CurrentUser, Role, WorkspaceSummary } from '../../api/types';
import { workspacesWithRole } from '../../layout/roles';

/** The roles that create and manage the knowledge bases of a workspace (the server's `manage_knowledge`). */
export const MANAGE_KNOWLEDGE_ROLES: readonly Role[] = ['admin', 'steward'];
/** The roles that may list every group with its id (the server's `administer_organisation`). */
const LIST_GROUPS_ROLES: readonly Role[] = ['admin'];
/** The roles that may list the groups apps are published to (the server's `view_reviews`), ids included. */
const AUDIENCE_GROUPS_ROLES: readonly Role[] = ['admin', 'builder', 'approver'];

type Session = Pick<CurrentUser, 'grants' | 'workspaces'>;

/**
 * The workspaces where the person may create a knowledge base: where they are a steward, or all of them for an
 * organisation-wide administrator (whose session lists every workspace).
 */
export function creatableIn(user: Session): WorkspaceSummary[] {
  return workspacesWithRole(user, MANAGE_KNOWLEDGE_ROLES);
}

/** How the person can learn the groups there are: every group, the groups apps are published to, or not at all. */
export type GroupSource = 'all' | 'audience' | 'none';

export function groupSource(user: Pick<CurrentUser, 'grants'>): GroupSource {
  const roles = new Set(user.grants.map((grant) => grant.role));
  const orgWide = user.grants.some((grant) => LIST_GROUPS_ROLES.includes(grant.role) && (grant.workspace ?? null) === null);
  if (orgWide) return 'all';
  if (AUDIENCE_GROUPS_ROLES.some((role) => roles.has(role))) return 'audience';
  return 'none';
}
