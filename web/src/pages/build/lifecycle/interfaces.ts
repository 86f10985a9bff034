import type { components } from '../../../api/schema.gen';
import { ApiError, sentence } from '../../../api/errors';
import { clearanceLabel, LEVELS, parseClearance, type LabelWords, type Level } from '../../admin/clearance';

type Schemas = components['schemas'];

// How a deployment is published: the interfaces (form, batch, API) chosen when a version is submitted for review.
export type InterfacesSpec = Schemas['InterfacesSpec'];
export type InterfaceSpec = Schemas['InterfaceSpec'];
export type AudienceGroup = Schemas['AudienceGroup'];
export type InterfaceKind = Schemas['InterfaceKind'];

export const INTERFACE_KINDS: readonly InterfaceKind[] = ['form', 'batch', 'api'];

/** The interface's name as a heading or a checkbox: "Form", "Batch", "API". */
export const KIND_TITLE: Readonly<Record<InterfaceKind, string>> = { form: 'Form', batch: 'Batch', api: 'API' };

/** The interface's name inside a sentence: "form", "batch", "API". */
export const KIND_WORD: Readonly<Record<InterfaceKind, string>> = { form: 'form', batch: 'batch', api: 'API' };

/** What each interface is, for someone choosing. */
export const KIND_HINT: Readonly<Record<InterfaceKind, string>> = {
  form: 'People fill in a form in the browser',
  batch: 'People run it once per row of a table (CSV or JSON Lines)',
  api: 'Other systems call it with an API key',
};

/** The most a limit may be (the server's); more is no limit at all. */
export const MAX_LIMIT = 10_000_000;
/** The most groups one interface, and the most callback hosts or ranges, the server takes. */
export const MAX_AUDIENCE_GROUPS = 50;
export const MAX_CALLBACK_RULES = 20;

/** Every category of data (`/*`), as a choice among the categories. */
export const ALL_CATEGORIES = '*';

/** One interface as the dialog holds it. */
export interface InterfaceDraft {
  enabled: boolean;
  /** Group ids. */
  audience: string[];
  level: Level;
  /** Category names, or {@link ALL_CATEGORIES} alone for every category. */
  categories: string[];
  ratePerMinute: number | null;
  dailyQuota: number | null;
}

/** The interfaces as the dialog holds them. */
export interface InterfacesDraft {
  form: InterfaceDraft;
  batch: InterfaceDraft;
  api: InterfaceDraft;
  callbackHosts: string[];
  callbackRanges: string[];
}

/** A fresh interface: nobody yet, internal data, no limits. */
export function emptyInterface(): InterfaceDraft {
  return { enabled: false, audience: [], level: 'internal', categories: [], ratePerMinute: null, dailyQuota: null };
}

function interfaceDraftOf(spec: InterfaceSpec | null | undefined): InterfaceDraft {
  if (spec == null) return emptyInterface();
  const parts = parseClearance(spec.clearance);
  return {
    enabled: true,
    audience: [...spec.audience],
    level: parts?.level ?? 'internal',
    categories: parts === null ? [] : parts.allCategories ? [ALL_CATEGORIES] : parts.categories,
    ratePerMinute: spec.rate_per_minute ?? null,
    dailyQuota: spec.daily_quota ?? null,
  };
}

/** The dialog's starting point: what is published now (or nothing). */
export function draftOf(spec: InterfacesSpec | null | undefined): InterfacesDraft {
  return {
    form: interfaceDraftOf(spec?.form),
    batch: interfaceDraftOf(spec?.batch),
    api: interfaceDraftOf(spec?.api),
    callbackHosts: [...(spec?.callback_hosts ?? [])],
    callbackRanges: [...(spec?.callback_ranges ?? [])],
  };
}

/** The clearance as written: `internal`, `confidential/pii`, `restricted/*`. */
export function clearanceText(level: Level, categories: readonly string[]): string {
  if (categories.includes(ALL_CATEGORIES)) return `${level}/*`;
  const chosen = [...new Set(categories.map((c) => c.trim().toLowerCase()).filter((c) => c !== ''))].sort();
  return chosen.length === 0 ? level : `${level}/${chosen.join(',')}`;
}

function specOfInterface(draft: InterfaceDraft): InterfaceSpec {
  const spec: InterfaceSpec = { audience: [...new Set(draft.audience)], clearance: clearanceText(draft.level, draft.categories) };
  if (draft.ratePerMinute !== null) spec.rate_per_minute = draft.ratePerMinute;
  if (draft.dailyQuota !== null) spec.daily_quota = draft.dailyQuota;
  return spec;
}

/** The spec to send: the interfaces chosen; callback hosts and ranges only with the API (they are for its callers). */
export function specOf(draft: InterfacesDraft): InterfacesSpec {
  const spec: InterfacesSpec = {};
  for (const kind of INTERFACE_KINDS) {
    if (draft[kind].enabled) spec[kind] = specOfInterface(draft[kind]);
  }
  if (draft.api.enabled) {
    const hosts = uniqueTrimmed(draft.callbackHosts);
    const ranges = uniqueTrimmed(draft.callbackRanges);
    if (hosts.length > 0) spec.callback_hosts = hosts;
    if (ranges.length > 0) spec.callback_ranges = ranges;
  }
  return spec;
}

function uniqueTrimmed(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

/** A spec in one canonical form, to compare two: no empty parts, groups and hosts sorted, the clearance re-written. */
function canonical(spec: InterfacesSpec | null | undefined): string {
  const one = (item: InterfaceSpec | null | undefined) => {
    if (item == null) return null;
    const parts = parseClearance(item.clearance);
    return {
      audience: [...new Set(item.audience)].sort(),
      clearance: parts === null ? item.clearance : clearanceText(parts.level, parts.allCategories ? [ALL_CATEGORIES] : parts.categories),
      rate: item.rate_per_minute ?? null,
      quota: item.daily_quota ?? null,
    };
  };
  return JSON.stringify({
    form: one(spec?.form),
    batch: one(spec?.batch),
    api: one(spec?.api),
    hosts: uniqueTrimmed(spec?.callback_hosts ?? []).sort(),
    ranges: uniqueTrimmed(spec?.callback_ranges ?? []).sort(),
  });
}

/** Whether two specs publish the same way. */
export function sameInterfaces(a: InterfacesSpec | null | undefined, b: InterfacesSpec | null | undefined): boolean {
  return canonical(a) === canonical(b);
}

/** The interfaces a spec has, in order. */
export function offered(spec: InterfacesSpec | null | undefined): { kind: InterfaceKind; spec: InterfaceSpec }[] {
  return INTERFACE_KINDS.flatMap((kind) => {
    const item = spec?.[kind];
    return item == null ? [] : [{ kind, spec: item }];
  });
}

/** Where a problem is: an interface's field, or the callback rules. */
export type ProblemKey =
  | `${InterfaceKind}.audience`
  | `${InterfaceKind}.clearance`
  | `${InterfaceKind}.rate_per_minute`
  | `${InterfaceKind}.daily_quota`
  | 'callback_hosts'
  | 'callback_ranges';

export type InterfaceProblems = Partial<Record<ProblemKey, string>>;

const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;

function limitProblem(value: number | null): string | null {
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    return `A whole number from 1 to ${MAX_LIMIT.toLocaleString('en')}, or empty for no limit`;
  }
  return null;
}

/** What is wrong with the interfaces chosen, by field, before anything is sent; empty when the server should take them. */
export function draftProblems(draft: InterfacesDraft): InterfaceProblems {
  const problems: InterfaceProblems = {};
  for (const kind of INTERFACE_KINDS) {
    const item = draft[kind];
    if (!item.enabled) continue;
    if (item.audience.length === 0) problems[`${kind}.audience`] = `Choose at least one group who may use the ${KIND_WORD[kind]}`;
    else if (item.audience.length > MAX_AUDIENCE_GROUPS) problems[`${kind}.audience`] = `Choose at most ${MAX_AUDIENCE_GROUPS} groups`;
    const rate = limitProblem(item.ratePerMinute);
    if (rate !== null) problems[`${kind}.rate_per_minute`] = rate;
    const quota = limitProblem(item.dailyQuota);
    if (quota !== null) problems[`${kind}.daily_quota`] = quota;
  }
  if (draft.api.enabled) {
    const hosts = uniqueTrimmed(draft.callbackHosts);
    const badHost = hosts.find((host) => !HOST.test(host));
    if (badHost !== undefined) {
      problems.callback_hosts = `“${badHost}” is not a host name: write it like hooks.example.com or *.example.com:8443, without https://`;
    } else if (hosts.length > MAX_CALLBACK_RULES) {
      problems.callback_hosts = `Name at most ${MAX_CALLBACK_RULES} hosts`;
    }
    const ranges = uniqueTrimmed(draft.callbackRanges);
    const badRange = ranges.find((range) => !CIDR.test(range));
    if (badRange !== undefined) {
      problems.callback_ranges = `“${badRange}” is not an address range: write it like 10.0.0.0/8`;
    } else if (ranges.length > MAX_CALLBACK_RULES) {
      problems.callback_ranges = `Name at most ${MAX_CALLBACK_RULES} ranges`;
    } else if (ranges.length > 0 && hosts.length === 0) {
      problems.callback_ranges = 'Name the callback hosts too: ranges only open hosts named above';
    }
  }
  return problems;
}

const PROBLEM_KEYS = new Set<string>([
  ...INTERFACE_KINDS.flatMap((kind) => [`${kind}.audience`, `${kind}.clearance`, `${kind}.rate_per_minute`, `${kind}.daily_quota`]),
  'callback_hosts',
  'callback_ranges',
]);

/**
 * The server's refusal of the interfaces (422 `invalid_input`, `details.field` = `interfaces`), placed at the field its
 * message names ("interfaces.form.audience: name at least one group…"); null for any other error.
 */
export function serverProblem(error: unknown): { key: ProblemKey | null; message: string } | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input' || error.field !== 'interfaces') return null;
  const reason = typeof error.details.reason === 'string' ? error.details.reason : error.fieldMessage;
  const match = /^interfaces\.([a-z_]+(?:\.[a-z_]+)?):\s*(.*)$/s.exec(reason);
  if (match === null) return { key: null, message: sentence(reason) };
  const [, path = '', message = ''] = match;
  return PROBLEM_KEYS.has(path) ? { key: path as ProblemKey, message: sentence(message) } : { key: null, message: sentence(reason) };
}

const AUDIENCE_NAMES: Readonly<Record<string, InterfaceKind>> = {
  "the form's audience": 'form',
  "the batch interface's audience": 'batch',
  "the API's audience": 'api',
};

/** The interfaces whose audience a policy refusal says may not receive the outputs (`details.violations[].sink`). */
export function refusedAudiences(error: unknown): InterfaceKind[] {
  if (!(error instanceof ApiError) || error.code !== 'policy_violation') return [];
  const { violations } = error.details;
  if (!Array.isArray(violations)) return [];
  const kinds = new Set<InterfaceKind>();
  for (const item of violations as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { sink } = item as { sink?: unknown };
    const kind = typeof sink === 'string' ? AUDIENCE_NAMES[sink] : undefined;
    if (kind !== undefined) kinds.add(kind);
  }
  return INTERFACE_KINDS.filter((kind) => kinds.has(kind));
}

/** "A", "A and B", "A, B and C". */
export function andList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Looks up a group's name by id; undefined when it is not known (not loaded, or not visible). */
export type GroupNames = (id: string) => string | undefined;

/** The names of groups made from a list the API answered with. */
export function groupNamesOf(groups: readonly AudienceGroup[] | undefined): GroupNames {
  const names = new Map((groups ?? []).map((group) => [group.id, group.name]));
  return (id) => names.get(id);
}

/** "All staff", "All staff and Claims staff", or "2 groups" when their names are not known. */
export function audienceWords(audience: readonly string[], names: GroupNames): string {
  const known = audience.map(names);
  if (known.every((name): name is string => name !== undefined)) return andList([...known].sort((a, b) => a.localeCompare(b)));
  return audience.length === 1 ? '1 group' : `${audience.length} groups`;
}

/**
 * How a deployment is published, in one line: "Published as form and API to All staff"; when the audiences differ,
 * each with its own: "Published as form to Claims staff, and API to All staff". Null when it is not published.
 */
export function publishedWords(spec: InterfacesSpec | null | undefined, names: GroupNames): string | null {
  const items = offered(spec);
  if (items.length === 0) return null;
  const key = (item: InterfaceSpec) => [...new Set(item.audience)].sort().join(',');
  const first = items[0]!;
  if (items.every((item) => key(item.spec) === key(first.spec))) {
    return `Published as ${andList(items.map((item) => KIND_WORD[item.kind]))} to ${audienceWords(first.spec.audience, names)}`;
  }
  const parts = items.map((item) => `${KIND_WORD[item.kind]} to ${audienceWords(item.spec.audience, names)}`);
  return `Published as ${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

/** "At most 60 runs a minute and 500 a day per person", or "No limits". */
export function limitWords(spec: InterfaceSpec): string {
  const rate = spec.rate_per_minute ?? null;
  const quota = spec.daily_quota ?? null;
  const runs = (n: number) => `${n.toLocaleString('en')} run${n === 1 ? '' : 's'}`;
  if (rate === null && quota === null) return 'No limits';
  if (rate !== null && quota !== null) return `At most ${runs(rate)} a minute and ${quota.toLocaleString('en')} a day per person`;
  if (rate !== null) return `At most ${runs(rate)} a minute per person`;
  return `At most ${runs(quota ?? 0)} a day per person`;
}

/** The clearance in the organisation's words: "Internal", "Confidential, PII only". */
export function clearanceWords(clearance: string, words?: LabelWords): string {
  return clearanceLabel(clearance, words);
}

/** The levels in order, for a Select. */
export function levelOptions(words: LabelWords): { value: Level; label: string }[] {
  return LEVELS.map((level) => ({ value: level, label: words.level(level).name }));
}
