import type { AuditOutcome } from '../../api/types';

/** The filters of the audit view, as kept in the URL (dates are local calendar days, YYYY-MM-DD). */
export interface AuditFilters {
  actor: string;
  action: string;
  outcome: AuditOutcome | '';
  since: string;
  until: string;
}

export const FILTER_KEYS = ['actor', 'action', 'outcome', 'since', 'until'] as const;

const OUTCOMES: readonly string[] = ['success', 'failure', 'denied'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const outcome = params.get('outcome') ?? '';
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  return {
    actor: params.get('actor')?.trim() ?? '',
    action: params.get('action')?.trim() ?? '',
    outcome: OUTCOMES.includes(outcome) ? (outcome as AuditOutcome) : '',
    since: day('since'),
    until: day('until'),
  };
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== '');
}

/** Local midnight at the start of `day`, plus `addDays`, as RFC 3339 UTC. */
function startOfLocalDay(day: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).toISOString();
}

/** The time range for the API: from the start of the first day to the end of the last one (inclusive). */
export function timeRange(filters: Pick<AuditFilters, 'since' | 'until'>): { since?: string; until?: string } {
  return {
    ...(filters.since ? { since: startOfLocalDay(filters.since) } : {}),
    ...(filters.until ? { until: startOfLocalDay(filters.until, 1) } : {}),
  };
}

/** The query of `GET /api/v1/audit/events` for these filters. */
export function eventQuery(filters: AuditFilters) {
  return {
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...timeRange(filters),
  };
}

/** The link that downloads the JSON-lines export for the filter's time range. */
export function exportHref(filters: Pick<AuditFilters, 'since' | 'until'>): string {
  const query = new URLSearchParams(timeRange(filters)).toString();
  return `/api/v1/audit/export${query ? `?${query}` : ''}`;
}
