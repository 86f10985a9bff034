/**
 * The runs someone not signed in started from this browser, kept in its local storage (a list per app) so that they can
 * come back to a result: each run's id, the token that opens it, and when it started.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** A run started from this browser. */
export interface StoredRun {
  id: string;
  /** The token given when it started: whoever holds it may read the run. */
  token: string;
  created_at: string;
}

/** How many runs are kept per app, the newest. */
export const KEPT_RUNS = 10;

/** The storage key of an app's runs started from this browser. */
export function storageKey(workspace: string, app: string): string {
  return `paddock.public-runs.${workspace}/${app}`;
}

function isStoredRun(value: unknown): value is StoredRun {
  if (typeof value !== 'object' || value === null) return false;
  const { id, token, created_at } = value as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && typeof token === 'string' && token !== '' && typeof created_at === 'string';
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage turned off (a private window, a policy): nothing is kept.
    return null;
  }
}

/** The app's runs started from this browser, newest first; none when storage holds nothing readable. */
export function readRuns(workspace: string, app: string): StoredRun[] {
  const text = storage()?.getItem(storageKey(workspace, app));
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isStoredRun).slice(0, KEPT_RUNS) : [];
  } catch {
    return [];
  }
}

function writeRuns(workspace: string, app: string, runs: readonly StoredRun[]): void {
  const store = storage();
  if (store === null) return;
  try {
    if (runs.length === 0) store.removeItem(storageKey(workspace, app));
    else store.setItem(storageKey(workspace, app), JSON.stringify(runs));
  } catch {
    // Storage full or refused: the run still shows on the page, it is only not kept.
  }
}

/** The list with `run` first (replacing an earlier entry of the same run), cut to the newest KEPT_RUNS. */
export function withRun(runs: readonly StoredRun[], run: StoredRun): StoredRun[] {
  return [run, ...runs.filter((kept) => kept.id !== run.id)].slice(0, KEPT_RUNS);
}

/** The app's runs started from this browser, and how to add one, forget one, or forget them all. */
export function useStoredRuns(workspace: string, app: string) {
  const [runs, setRuns] = useState<StoredRun[]>(() => readRuns(workspace, app));
  // Without storage, the list lives on the page only: the next change starts from it.
  const shown = useRef(runs);
  useEffect(() => {
    shown.current = runs;
  }, [runs]);

  // Another tab of the same app keeps its runs in the same list.
  useEffect(() => {
    const key = storageKey(workspace, app);
    const changed = (event: StorageEvent) => {
      if (event.key === key || event.key === null) setRuns(readRuns(workspace, app));
    };
    window.addEventListener('storage', changed);
    return () => window.removeEventListener('storage', changed);
  }, [workspace, app]);

  const update = useCallback(
    (change: (runs: StoredRun[]) => StoredRun[]) => {
      const next = change(storage() === null ? shown.current : readRuns(workspace, app));
      writeRuns(workspace, app, next);
      setRuns(next);
    },
    [workspace, app],
  );

  const add = useCallback((run: StoredRun) => update((kept) => withRun(kept, run)), [update]);
  const forget = useCallback((id: string) => update((kept) => kept.filter((run) => run.id !== id)), [update]);
  const forgetAll = useCallback(() => update(() => []), [update]);

  return { runs, add, forget, forgetAll };
}
