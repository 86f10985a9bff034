import type { AuditActorKind, AuditOutcome } from '../../api/types';

/** Human names of the actions the server records; anything else shows its raw name. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_out': 'Signed out',
  'user.created': 'Account created',
  'user.disabled': 'Account disabled',
  'user.enabled': 'Account enabled',
  'user.password_reset': 'Password reset',
  'user.password_changed': 'Password changed',
  'user.updated': 'Account updated',
  'permission.denied': 'Access refused',
  'auth.lockout': 'Sign-in locked',
  'auth.write_refused': 'Forged request refused',
  'auth.api_key_rejected': 'API key refused',
  'api_key.created': 'API key created',
  'api_key.first_used': 'API key first used',
  'api_key.revoked': 'API key revoked',
  'group.created': 'Group created',
  'group.updated': 'Group renamed',
  'group.deleted': 'Group deleted',
  'group.member_added': 'Added to group',
  'group.member_removed': 'Removed from group',
  'grant.added': 'Role granted',
  'grant.removed': 'Role revoked',
  'scim.token_created': 'SCIM token issued',
  'scim.token_revoked': 'SCIM token revoked',
  'settings.sso_changed': 'Single sign-on settings changed',
  'service_account.created': 'Service account created',
  'workspace.created': 'Workspace created',
  'run.started': 'Run started',
  'run.cancel_requested': 'Run cancelled',
  'approval.decided': 'Approval decided',
  'approval.timed_out': 'Approval timed out',
  'run.retried': 'Run retried',
  'run.artifact_purged': 'Run document deleted at expiry',
  'model.created': 'Model registered',
  'model.updated': 'Model changed',
  'model.deleted': 'Model removed',
  'app.anonymous_opened': 'App opened to the public',
  'app.anonymous_closed': 'App closed to the public',
  'knowledge.created': 'Knowledge base created',
  'knowledge.updated': 'Knowledge base changed',
  'knowledge.deleted': 'Knowledge base deleted',
  'knowledge.access_changed': 'Knowledge base access changed',
  'knowledge.document_added': 'Document added',
  'knowledge.document_removed': 'Document removed',
  'knowledge.document_requeued': 'Document queued to be read again',
  'knowledge.retrieval_refused': 'Retrieval refused',
};

/** Names for an action that did not succeed, where "Signed in" would be misleading. */
const FAILED_LABELS: Readonly<Record<string, string>> = {
  'auth.sign_in': 'Sign-in attempt',
};

export function actionLabel(action: string, outcome?: AuditOutcome): string {
  if (outcome !== undefined && outcome !== 'success') {
    const failed = FAILED_LABELS[action];
    if (failed !== undefined) return failed;
  }
  return ACTION_LABELS[action] ?? action;
}

export const ACTION_OPTIONS = Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }));

export const OUTCOME_COLORS: Readonly<Record<AuditOutcome, string>> = {
  success: 'green',
  failure: 'orange',
  denied: 'red',
};

export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  success: 'Success',
  failure: 'Failure',
  denied: 'Denied',
};

export const ACTOR_KIND_LABELS: Readonly<Record<AuditActorKind, string>> = {
  user: 'User',
  api_key: 'API key',
  system: 'System',
  anonymous: 'Not signed in',
};
