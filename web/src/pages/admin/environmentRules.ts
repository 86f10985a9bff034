import { ApiError } from '../../api/errors';
import type { EnvironmentView, FreezeWindow, PublishingRule } from '../../api/types';
import { localTime } from '../audit/format';
import { slugProblem } from './slug';

/** The most approvals a rule may ask for. */
export const MAX_APPROVALS = 10;

/** One line of a rule in words, with how much it matters. */
export interface RuleLine {
  key: string;
  text: string;
  tone: 'open' | 'guarded' | 'frozen' | 'neutral';
}

/** "any approver of the workspace", "members of CAB or Release managers". */
function approvers(groups: readonly string[]): string {
  if (groups.length === 0) return 'any approver of the workspace';
  if (groups.length === 1) return `members of ${groups[0]}`;
  return `members of ${groups.slice(0, -1).join(', ')} or ${groups[groups.length - 1]}`;
}

/** Whether a freeze window is over at `now`. */
function over(window: FreezeWindow, now: number): boolean {
  return new Date(window.ends_at).getTime() <= now;
}

/**
 * An environment's rule in words, line by line: who deploys, how many approvals from whom, whether a run in
 * `previous` must have succeeded, and its freeze windows.
 */
export function ruleLines(environment: EnvironmentView, previous: string | null, now = Date.now()): RuleLine[] {
  const { rule } = environment;
  const groups = rule.approver_groups ?? [];
  const lines: RuleLine[] = [];
  if (rule.author_may_deploy) {
    lines.push({ key: 'deploy', text: 'Builders deploy here themselves, without a review.', tone: 'open' });
  }
  if (rule.approvals_required === 0) {
    lines.push({
      key: 'approvals',
      text: rule.author_may_deploy ? 'A version submitted for review is deployed at once.' : 'Reviews need no approval: a version submitted is deployed at once.',
      tone: 'open',
    });
  } else {
    const n = rule.approvals_required;
    lines.push({
      key: 'approvals',
      text: `${rule.author_may_deploy ? 'A review, when asked for, needs' : 'Every version needs a review with'} ${n} approval${n === 1 ? '' : 's'} from ${approvers(groups)}.`,
      tone: 'guarded',
    });
  }
  if (rule.evidence_required) {
    lines.push({
      key: 'evidence',
      text:
        previous === null
          ? 'A version must first have run successfully in the environment before it; this one is first in the chain.'
          : `A version must first have run successfully in ${previous}.`,
      tone: 'guarded',
    });
  }
  const windows = rule.freeze_windows ?? [];
  if (environment.frozen_now != null) {
    const { reason, ends_at } = environment.frozen_now;
    lines.push({ key: 'frozen', text: `Frozen now, until ${localTime(ends_at)}: ${reason}.`, tone: 'frozen' });
  }
  const coming = windows.filter((window) => !over(window, now) && new Date(window.starts_at).getTime() > now);
  for (const window of coming) {
    lines.push({
      key: `window-${window.starts_at}`,
      text: `Frozen from ${localTime(window.starts_at)} to ${localTime(window.ends_at)}: ${window.reason}.`,
      tone: 'neutral',
    });
  }
  return lines;
}

// The form of the edit drawer.

export interface WindowState {
  /** A stable key for the list, never sent. */
  key: number;
  /** `YYYY-MM-DDTHH:mm` in the viewer's time zone, as a date-time input holds it. */
  startsAt: string;
  endsAt: string;
  reason: string;
}

export interface EnvironmentState {
  slug: string;
  name: string;
  approvals: number | string;
  groups: string[];
  authorMayDeploy: boolean;
  evidenceRequired: boolean;
  windows: WindowState[];
}

export type EnvironmentField = 'slug' | 'name' | 'approvals_required' | 'approver_groups' | 'freeze_windows';
export type EnvironmentErrors = Partial<Record<EnvironmentField | `window-${number}-${'startsAt' | 'endsAt' | 'reason'}`, string>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 instant as a date-time input shows it, in the viewer's time zone. */
export function toLocalInput(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A date-time input's value (the viewer's time zone) as an RFC 3339 instant; null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

let nextKey = 1;
export function windowKey(): number {
  nextKey += 1;
  return nextKey;
}

export function initialEnvironment(environment: EnvironmentView | null): EnvironmentState {
  if (environment === null) {
    return { slug: '', name: '', approvals: 1, groups: [], authorMayDeploy: false, evidenceRequired: true, windows: [] };
  }
  const { rule } = environment;
  return {
    slug: environment.slug,
    name: environment.name,
    approvals: rule.approvals_required,
    groups: [...(rule.approver_groups ?? [])],
    authorMayDeploy: rule.author_may_deploy,
    evidenceRequired: rule.evidence_required,
    windows: (rule.freeze_windows ?? []).map((window) => ({
      key: windowKey(),
      startsAt: toLocalInput(window.starts_at),
      endsAt: toLocalInput(window.ends_at),
      reason: window.reason,
    })),
  };
}

/** What is wrong with the form, field by field; empty when it may be sent. */
export function checkEnvironment(state: EnvironmentState, creating: boolean): EnvironmentErrors {
  const errors: EnvironmentErrors = {};
  if (creating) {
    const problem = slugProblem(state.slug.trim());
    if (problem !== null) errors.slug = problem;
  }
  if (state.name.trim() === '') errors.name = 'Give the environment a name';
  const approvals = typeof state.approvals === 'number' ? state.approvals : Number.NaN;
  if (!Number.isInteger(approvals) || approvals < 0 || approvals > MAX_APPROVALS) {
    errors.approvals_required = `Ask for 0 to ${MAX_APPROVALS} approvals`;
  }
  state.windows.forEach((window, index) => {
    const start = fromLocalInput(window.startsAt);
    const end = fromLocalInput(window.endsAt);
    if (start === null) errors[`window-${index}-startsAt`] = 'Choose when it starts';
    if (end === null) errors[`window-${index}-endsAt`] = 'Choose when it ends';
    if (start !== null && end !== null && new Date(end) <= new Date(start)) errors[`window-${index}-endsAt`] = 'It must end after it starts';
    if (window.reason.trim() === '') errors[`window-${index}-reason`] = 'Say why nothing may be deployed then';
  });
  return errors;
}

/** The rule the form describes, as the API takes it. Only call once {@link checkEnvironment} found nothing. */
export function ruleOf(state: EnvironmentState): PublishingRule {
  return {
    approvals_required: typeof state.approvals === 'number' ? state.approvals : 0,
    approver_groups: state.groups,
    author_may_deploy: state.authorMayDeploy,
    evidence_required: state.evidenceRequired,
    freeze_windows: state.windows.map((window) => ({
      starts_at: fromLocalInput(window.startsAt) ?? '',
      ends_at: fromLocalInput(window.endsAt) ?? '',
      reason: window.reason.trim(),
    })),
  };
}

const FIELDS: readonly EnvironmentField[] = ['slug', 'name', 'approvals_required', 'approver_groups', 'freeze_windows'];

/** The field a refusal of the API names, with its message for under that field; null for other failures. */
export function placedError(error: unknown): { field: EnvironmentField; message: string } | null {
  if (!(error instanceof ApiError) || error.field === undefined) return null;
  const field = FIELDS.find((candidate) => candidate === error.field);
  return field === undefined ? null : { field, message: error.fieldMessage };
}
