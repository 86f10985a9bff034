/**
 * How a run was started: through one of a published app's interfaces (its form, a batch, its API) or, when
 * the run records none, from the console (Build) or the command line.
 */
export type RunOrigin = 'form' | 'batch' | 'api' | 'console';

export const RUN_ORIGINS: readonly RunOrigin[] = ['form', 'batch', 'api', 'console'];

/** What the run (summary or full) records about how it was started. */
export interface StartedThrough {
  interface?: string | null;
  api_key?: string | null;
  batch?: string | null;
  /** On the full run only: who started it, none (null) for the command line. */
  started_by?: string | null;
  /** Set when someone not signed in started it through an open form: their network (an address, or an IPv6 /64). */
  anonymous_from?: string | null;
}

/** The run's origin; an interface this UI does not know yet counts as none of the known ones (null). */
export function runOrigin(run: StartedThrough): RunOrigin | null {
  const through = run.interface ?? null;
  if (through === null || through === '') return 'console';
  return through === 'form' || through === 'batch' || through === 'api' ? through : null;
}

/** "Form", "Batch", "API", "Console". */
export const ORIGIN_LABELS: Record<RunOrigin, string> = { form: 'Form', batch: 'Batch', api: 'API', console: 'Console' };

/** The label of the run's origin, or the interface as recorded when it is one this UI does not know. */
export function originLabel(run: StartedThrough): string {
  const origin = runOrigin(run);
  return origin === null ? (run.interface ?? '') : ORIGIN_LABELS[origin];
}

/** The network of someone not signed in who started the run through an open form; null for anyone else. */
export function anonymousNetwork(run: StartedThrough): string | null {
  const network = run.anonymous_from?.trim() ?? '';
  return network === '' ? null : network;
}

/** "anonymous (203.0.113.7)": who started a run through an open form without signing in; null for anyone else. */
export function anonymousText(run: StartedThrough): string | null {
  const network = anonymousNetwork(run);
  return network === null ? null : `anonymous (${network})`;
}

/** "Form · anonymous (203.0.113.7)", "Form", "API": the run's origin in full, with who when nobody signed in. */
export function originText(run: StartedThrough): string {
  const anonymous = anonymousText(run);
  return anonymous === null ? originLabel(run) : `${originLabel(run)} · ${anonymous}`;
}

/** An id cut to its last 8 characters, "…1a2b3c4d", enough to tell it apart; short ids stay whole. */
export function shortId(id: string): string {
  // Ids are time-ordered (UUIDv7): their first characters say when, their last tell them apart.
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}

/**
 * How the run was started, as the run page says it: "Started through the API with key …1a2b3c4d",
 * "Started through the form", "Started as a row of batch …9f8e7d6c", "Started from the console" (or "from the
 * command line" when the run says that nobody started it).
 */
export function startedThroughText(run: StartedThrough): string {
  switch (runOrigin(run)) {
    case 'api':
      return run.api_key ? `Started through the API with key ${shortId(run.api_key)}` : 'Started through the API';
    case 'form': {
      const network = anonymousNetwork(run);
      return network === null ? 'Started through the form' : `Started through the form by someone not signed in, from ${network}`;
    }
    case 'batch':
      return run.batch ? `Started as a row of batch ${shortId(run.batch)}` : 'Started as a row of a batch';
    case 'console':
      return run.started_by === null ? 'Started from the command line' : 'Started from the console';
    default:
      return `Started through the app's ${run.interface ?? ''} interface`;
  }
}

/** Whether the run matches the list's "Started through" filter (null: any). */
export function matchesOrigin(run: StartedThrough, filter: RunOrigin | null): boolean {
  return filter === null || runOrigin(run) === filter;
}
