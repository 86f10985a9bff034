import type { Grant, Role } from '../../api/types';

/** Every role, in the order the create form offers them, with what it lets a person do (from DESIGN.md). */
export const ROLE_DESCRIPTIONS: ReadonlyArray<{ role: Role; description: string }> = [
  { role: 'consumer', description: 'Runs the apps published for them, and nothing else.' },
  { role: 'builder', description: 'Designs and test-runs workflows in the dev environment and submits them for review.' },
  { role: 'approver', description: 'Reviews changes and their policy reports, and approves or rejects them; never their own.' },
  { role: 'operator', description: 'Watches runs, retries or cancels them, and can freeze a deployment.' },
  { role: 'steward', description: 'Classifies data and owns knowledge bases and who may use them.' },
  { role: 'auditor', description: 'Reads the audit trail and run records and verifies the chain; changes nothing.' },
  { role: 'admin', description: 'Manages people, workspaces, connections, models, policies and every setting.' },
];

/** Roles that may be granted organisation-wide, without a workspace. */
export function mayBeOrganisationWide(role: Role): boolean {
  return role === 'admin' || role === 'auditor';
}

/** "Organisation" for an organisation-wide grant, else the workspace's name (or slug when unknown). */
export function scopeLabel(grant: Grant, workspaceNames: ReadonlyMap<string, string>): string {
  if (!grant.workspace) return 'Organisation';
  return workspaceNames.get(grant.workspace) ?? grant.workspace;
}

/** Roles a service account cannot hold: administering is for people, signed in (the server refuses it too). */
export const NOT_FOR_SERVICE_ACCOUNTS: readonly Role[] = ['admin'];
