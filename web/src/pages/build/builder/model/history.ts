// Undo and redo over whole docs (they share what did not change, so keeping many is cheap). Typing in one field is
// one step to undo: a change to the same text as the change before, soon after it, replaces it instead of stacking.
import type { WorkflowDoc } from './types';

export interface History {
  past: WorkflowDoc[];
  present: WorkflowDoc;
  future: WorkflowDoc[];
  /** The last change, while later ones may still join it. */
  last: { key: string; at: number } | null;
}

export type HistoryAction =
  /** `key` names what was typed in (see `editKey`); null never joins; omitted, it is worked out. */
  | { type: 'change'; doc: WorkflowDoc; at: number; key?: string | null }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Starts again from `doc`, forgetting the past (another version loaded). */
  | { type: 'reset'; doc: WorkflowDoc };

/** Changes to the same field closer together than this are one step to undo. */
export const COALESCE_MS = 1000;
/** How many steps back undo reaches. */
export const HISTORY_LIMIT = 200;

export function initialHistory(doc: WorkflowDoc): History {
  return { past: [], present: doc, future: [], last: null };
}

type Path = (string | number)[];

/** The paths where `a` and `b` differ, stopping once there are more than `limit`. */
function differences(a: unknown, b: unknown, path: Path, found: { path: Path; a: unknown; b: unknown }[], limit: number) {
  if (a === b || found.length > limit) return;
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    found.push({ path, a, b });
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!(key in left) || !(key in right)) {
      found.push({ path: [...path, key], a: left[key], b: right[key] });
    } else {
      differences(left[key], right[key], [...path, key], found, limit);
    }
    if (found.length > limit) return;
  }
}

/**
 * `steps.3.with.prompt` when the only change from `before` to `after` is to that one piece of text (typing); null for
 * any other change, which is a step of its own.
 */
export function editKey(before: WorkflowDoc, after: WorkflowDoc): string | null {
  const found: { path: Path; a: unknown; b: unknown }[] = [];
  differences(before, after, [], found, 1);
  const only = found.length === 1 ? found[0]! : null;
  if (only === null || typeof only.a !== 'string' || typeof only.b !== 'string') return null;
  return only.path.join('.');
}

/** Whether two docs hold the same workflow (say, the YAML changed only in its spacing). */
export function sameDoc(a: WorkflowDoc, b: WorkflowDoc): boolean {
  const found: { path: Path; a: unknown; b: unknown }[] = [];
  differences(a, b, [], found, 0);
  return found.length === 0;
}

export function historyReducer(state: History, action: HistoryAction): History {
  switch (action.type) {
    case 'change': {
      if (action.doc === state.present) return state;
      const key = action.key === undefined ? editKey(state.present, action.doc) : action.key;
      const joins = key !== null && state.last !== null && state.last.key === key && action.at - state.last.at < COALESCE_MS;
      return {
        past: joins ? state.past : [...state.past, state.present].slice(-HISTORY_LIMIT),
        present: action.doc,
        future: [],
        last: key === null ? null : { key, at: action.at },
      };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], last: null };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future: rest, last: null };
    }
    case 'reset':
      return initialHistory(action.doc);
  }
}
