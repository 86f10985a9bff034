// Step ids: new ones that are free, and renaming one everywhere it is named — in expressions (`steps.old.output`),
// in `needs`, and in what a branch chooses. Unchanged parts keep their identity, so memoised views of them stay put.
import { branchTargets } from './graph';
import type { StepDoc, WorkflowDoc } from './types';

/** What a step of kind `uses` is called by default: `llm.extract` → `extract`, `connector` → `connector`. */
export function baseIdOf(uses: string): string {
  const last = uses.split('.').pop() ?? uses;
  const cleaned = last.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'step';
  return /^[a-z_]/.test(cleaned) ? cleaned : `step_${cleaned}`;
}

/** `base` if free, else `base_2`, `base_3`… */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function escape(id: string): string {
  return id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `value` with every `steps.<old>` (and `steps['<old>']`) in its strings naming the new id instead — or, with `root`
 * `inputs`, every `inputs.<old>`. The same object when nothing changed.
 */
export function rewriteReferences<T>(value: T, renames: ReadonlyMap<string, string>, root: 'steps' | 'inputs' = 'steps'): T {
  if (renames.size === 0) return value;
  const names = [...renames.keys()].map(escape).join('|');
  const dotted = new RegExp(`\\b${root}(\\s*\\.\\s*)(${names})(?![\\w])`, 'g');
  const quoted = new RegExp(`\\b${root}(\\s*\\[\\s*)(['"])(${names})\\2`, 'g');
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      if (!item.includes(root)) return item;
      return item
        .replace(dotted, (_, dot: string, id: string) => `${root}${dot}${renames.get(id) ?? id}`)
        .replace(quoted, (_, open: string, quote: string, id: string) => `${root}${open}${quote}${renames.get(id) ?? id}${quote}`);
    }
    if (Array.isArray(item)) {
      const next = item.map(walk);
      return next.some((entry, i) => entry !== item[i]) ? next : item;
    }
    if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item);
      const next = entries.map(([key, entry]) => [key, walk(entry)] as const);
      return next.some(([, entry], i) => entry !== entries[i]![1]) ? Object.fromEntries(next) : item;
    }
    return item;
  };
  return walk(value) as T;
}

function renameIn(ids: string[] | undefined, renames: ReadonlyMap<string, string>): string[] | undefined {
  if (ids === undefined || !ids.some((id) => renames.has(id))) return ids;
  return ids.map((id) => renames.get(id) ?? id);
}

/** A branch's `then` and `default` lists naming the new ids. */
function renameChoices(step: StepDoc, renames: ReadonlyMap<string, string>): StepDoc['with'] {
  const spec = step.with;
  if (step.uses !== 'branch' || spec === undefined) return spec;
  if (![...branchTargets(step).keys()].some((id) => renames.has(id))) return spec;
  const list = (value: unknown) => (Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? (renames.get(id) ?? id) : id)) : value);
  const cases = Array.isArray(spec.cases)
    ? spec.cases.map((item: unknown) => (typeof item === 'object' && item !== null && 'then' in item ? { ...item, then: list(item.then) } : item))
    : spec.cases;
  return { ...spec, ...(spec.cases === undefined ? {} : { cases }), ...(spec.default === undefined ? {} : { default: list(spec.default) }) };
}

/** One step with the ids in `renames` replaced wherever it names them (not its own id). */
export function renameReferencesInStep(step: StepDoc, renames: ReadonlyMap<string, string>): StepDoc {
  const choices = renameChoices(step, renames);
  const spec = rewriteReferences(choices, renames);
  const needs = renameIn(step.needs, renames);
  if (spec === step.with && needs === step.needs) return step;
  return { ...step, ...(spec === undefined ? {} : { with: spec }), ...(needs === undefined ? {} : { needs }) };
}

/** The workflow with step `oldId` called `newId`, and every reference to it following. */
export function renameStep(doc: WorkflowDoc, oldId: string, newId: string): WorkflowDoc {
  if (oldId === newId) return doc;
  const renames = new Map([[oldId, newId]]);
  return {
    ...doc,
    steps: doc.steps.map((step) => {
      const renamed = renameReferencesInStep(step, renames);
      return renamed.id === oldId ? { ...renamed, id: newId } : renamed;
    }),
    outputs: rewriteReferences(doc.outputs, renames),
  };
}

/** The workflow with input `oldName` called `newName` (in the same place), and every `inputs.<old>` following. */
export function renameInput(doc: WorkflowDoc, oldName: string, newName: string): WorkflowDoc {
  if (oldName === newName || !(oldName in doc.inputs) || newName in doc.inputs) return doc;
  const renames = new Map([[oldName, newName]]);
  const inputs = Object.fromEntries(Object.entries(doc.inputs).map(([name, input]) => [name === oldName ? newName : name, input]));
  return {
    ...doc,
    inputs,
    steps: doc.steps.map((step) => {
      const spec = rewriteReferences(step.with, renames, 'inputs');
      return spec === step.with ? step : { ...step, with: spec };
    }),
    outputs: rewriteReferences(doc.outputs, renames, 'inputs'),
  };
}
