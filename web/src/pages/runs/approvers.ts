import type { StepView } from '../../api/types';

/** What a waiting approval step asks, read from what its `with` evaluated to. */
export interface WaitingApproval {
  key: string;
  title: string;
  /** "approver@demo.local and the group IT approvers". */
  asked: string | null;
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function joined(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function waitingApprovals(steps: readonly StepView[]): WaitingApproval[] {
  return steps
    .filter((step) => step.status === 'waiting')
    .map((step) => {
      const input = (typeof step.input === 'object' && step.input !== null ? step.input : {}) as {
        title?: unknown;
        approvers?: { users?: unknown; groups?: unknown };
      };
      const people = names(input.approvers?.users);
      const groups = names(input.approvers?.groups).map((group) => `the group ${group}`);
      const asked = [...people, ...groups];
      return {
        key: step.key,
        title: typeof input.title === 'string' ? input.title : step.key,
        asked: asked.length > 0 ? joined(asked) : null,
      };
    });
}
