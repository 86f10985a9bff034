import type { ReviewEventKind, ReviewStatus } from '../../api/types';

const STATUSES: Record<ReviewStatus, { label: string; color: string }> = {
  open: { label: 'Waiting for approval', color: 'blue' },
  deployed: { label: 'Deployed', color: 'green' },
  rejected: { label: 'Rejected', color: 'red' },
  changes_requested: { label: 'Changes requested', color: 'orange' },
};

/** How a review's status reads, and its colour. */
export function reviewStatus(status: ReviewStatus): { label: string; color: string } {
  return STATUSES[status];
}

/** What someone did, as a verb: "approved". */
export const EVENT_VERBS: Record<ReviewEventKind, string> = {
  comment: 'commented',
  approve: 'approved',
  reject: 'rejected',
  request_changes: 'asked for changes',
};

/** "1 of 2 approvals", "No approval needed". */
export function approvalsText(approvals: number, required: number): string {
  if (required === 0) return 'No approval needed';
  return `${approvals} of ${required} approval${required === 1 ? '' : 's'}`;
}

/** "ticket-triage v3". */
export function versionName(workflow: string, version: number): string {
  return `${workflow} v${version}`;
}
