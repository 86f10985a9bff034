import type { components } from '../../api/schema.gen';
import type { CurrentUser, Role } from '../../api/types';

type Schemas = components['schemas'];

/** A live deployment that breaks the policy of its environment now. */
export type DriftNotice = Schemas['DriftNotice'];
/** An exception in force: the deployment's runs pass the clearance checks at sinks until it ends. */
export type PolicyException = Schemas['ExceptionView'];
export type DriftViolation = Schemas['Violation'];

/** The roles that may see deployments somewhere (the server's `view_deployments`): the others are never told. */
const DEPLOYMENT_ROLES: readonly Role[] = ['admin', 'builder', 'approver', 'operator', 'auditor'];

/** Whether the person may see deployments in some workspace, and so may be told about drift at all. */
export function maySeeDeployments(user: Pick<CurrentUser, 'grants'>): boolean {
  return user.grants.some((grant) => DEPLOYMENT_ROLES.includes(grant.role));
}

/** The notice's exception if it is in force at `now`, else null. */
export function exceptionInForce(notice: DriftNotice, now: number = Date.now()): PolicyException | null {
  const exception = notice.exception ?? null;
  if (exception === null) return null;
  const until = Date.parse(exception.until);
  return Number.isNaN(until) || until > now ? exception : null;
}

/** The notices split into those that break policy unexcused (first) and those under an exception in force. */
export function splitNotices(notices: readonly DriftNotice[], now: number = Date.now()): { breaking: DriftNotice[]; excepted: DriftNotice[] } {
  const breaking: DriftNotice[] = [];
  const excepted: DriftNotice[] = [];
  for (const notice of notices) (exceptionInForce(notice, now) === null ? breaking : excepted).push(notice);
  return { breaking, excepted };
}

/** "2 live deployments break policy after a policy change". */
export function breakingWords(count: number): string {
  return count === 1
    ? '1 live deployment breaks policy after a policy change'
    : `${count} live deployments break policy after a policy change`;
}

/** "1 deployment runs under a policy exception". */
export function exceptedWords(count: number): string {
  return count === 1 ? '1 deployment runs under a policy exception' : `${count} deployments run under a policy exception`;
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "12 Dec 2026, 10:00" in the viewer's time zone. */
export function whenWords(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : WHEN.format(date);
}

/** "Exception until 12 Dec 2026, 10:00 — the reason — granted by admin@demo.local". */
export function exceptionWords(exception: PolicyException): string {
  const by = exception.granted_by ? ` — granted by ${exception.granted_by}` : '';
  return `Exception until ${whenWords(exception.until)} — ${exception.reason}${by}`;
}

/** Whether `notice` is about this deployment: the workflow `name` of workspace `slug` in `environment`. */
export function isNoticeOf(notice: DriftNotice, slug: string, name: string, environment: string): boolean {
  return notice.workspace === slug && notice.workflow === name && notice.environment === environment;
}

/** The longest an exception may last, in days. */
export const MAX_EXCEPTION_DAYS = 90;
/** How long an exception lasts unless the admin says otherwise, in days. */
export const DEFAULT_EXCEPTION_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a date-time input shows it, in the viewer's time zone, to the minute. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A date-time input's value (the viewer's time zone) as a date; null when it is not a time. */
export function fromLocalInput(value: string): Date | null {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The default end of an exception granted at `now`: a week ahead, to the minute. */
export function defaultUntil(now: number): string {
  return toLocalInput(new Date(now + DEFAULT_EXCEPTION_DAYS * DAY));
}

/** The latest end an exception granted at `now` may have. */
export function latestUntil(now: number): Date {
  return new Date(now + MAX_EXCEPTION_DAYS * DAY);
}

export interface ExceptionForm {
  reason: string;
  until: string;
}

export type ExceptionErrors = Partial<Record<keyof ExceptionForm, string>>;

/** What the form lacks, field by field; the request body when nothing. */
export function checkException(form: ExceptionForm, now: number): { errors: ExceptionErrors; body: { reason: string; until: string } | null } {
  const errors: ExceptionErrors = {};
  const reason = form.reason.trim();
  if (reason === '') errors.reason = 'Say why it may keep running';
  const until = fromLocalInput(form.until);
  if (until === null) errors.until = 'Choose when the exception ends';
  else if (until.getTime() <= now) errors.until = 'Choose a time in the future';
  else if (until.getTime() > latestUntil(now).getTime()) errors.until = `At most ${MAX_EXCEPTION_DAYS} days ahead: ${whenWords(latestUntil(now).toISOString())} at the latest`;
  if (Object.keys(errors).length > 0 || until === null) return { errors, body: null };
  return { errors, body: { reason, until: until.toISOString().replace('.000Z', 'Z') } };
}
