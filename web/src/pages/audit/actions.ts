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
  'permission.denied': 'Access refused',
  'demo.seeded': 'Demo data loaded',
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
