/** The permissions a key may be limited to, in the order of docs/permissions.md, with its wording. */
export const PERMISSIONS: ReadonlyArray<{ name: string; label: string }> = [
  { name: 'administer_organisation', label: 'Administer the organisation' },
  { name: 'view_audit', label: 'Read the audit trail' },
  { name: 'view_workflows', label: 'See workflows' },
  { name: 'view_reviews', label: 'See reviews' },
  { name: 'use_apps', label: 'Use published apps' },
  { name: 'view_runs', label: 'See runs' },
  { name: 'view_knowledge', label: 'See knowledge bases' },
  { name: 'manage_knowledge', label: 'Manage knowledge bases and their documents' },
  { name: 'test_workflows', label: 'Run drafts in the dev environment' },
  { name: 'edit_workflows', label: 'Create workflows and save their drafts' },
  { name: 'operate_runs', label: 'Cancel and retry runs' },
  { name: 'promote_workflows', label: 'Submit versions for review and deploy them' },
  { name: 'approve_reviews', label: 'Approve or reject reviews' },
  { name: 'view_deployments', label: 'See what is deployed where' },
  { name: 'run_deployments', label: 'Run deployed workflows' },
  { name: 'freeze_deployments', label: 'Freeze and unfreeze deployments' },
];

const LABELS = new Map(PERMISSIONS.map(({ name, label }) => [name, label]));

export function permissionLabel(name: string): string {
  return LABELS.get(name) ?? name;
}

/** The choices of lifetime, in days; the API's default is 90. */
export const EXPIRY_DAYS = [7, 30, 90, 180, 365] as const;
