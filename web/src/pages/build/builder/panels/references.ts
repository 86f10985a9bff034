// What a step (or the workflow's outputs) may refer to, and which written references are not available there.
import { branchTargets } from '../model/graph';
import type { ReferenceOption, StepDoc, WorkflowDoc } from '../model/types';
import { didYouMean, stepsReadBy, writtenReferences } from './expressions';
import { inputTypeWords } from './inputTypes';
import { schemaWords, typeOf } from './jsonSchema';
import type { JsonSchema, StepKind } from './types';

/** A written reference that does not resolve where it is written. */
export interface InvalidReference {
  start: number;
  end: number;
  /** The part that is wrong: `inputs.nmae`, `steps.sumary`, `steps.facts.result`. */
  path: string;
  /** What was probably meant. */
  suggestion?: string;
}

/**
 * The steps `step` itself says it runs after: those it reads and those it needs. Kept per step: typing in one step's
 * panel makes a new doc in which every other step is the very same object, so only the changed step is read again.
 */
const ownDependencyCache = new WeakMap<StepDoc, ReadonlySet<string>>();

function ownDependencies(step: StepDoc): ReadonlySet<string> {
  const cached = ownDependencyCache.get(step);
  if (cached !== undefined) return cached;
  const after = new Set(step.needs ?? []);
  for (const [key, value] of Object.entries(step.with ?? {})) {
    // An extraction's schema is written as is: it reads nothing. (Branch targets are plain ids, not expressions.)
    if (step.uses === 'llm.extract' && key === 'schema') continue;
    stepsReadBy(value, after);
  }
  ownDependencyCache.set(step, after);
  return after;
}

/** What each step runs after, and the other way round; worked out once per document (every panel asks). */
interface Dependencies {
  after: Map<string, Set<string>>;
  before: Map<string, Set<string>>;
}
const dependencyCache = new WeakMap<WorkflowDoc, Dependencies>();

function dependenciesOf(doc: WorkflowDoc): Dependencies {
  const cached = dependencyCache.get(doc);
  if (cached !== undefined) return cached;
  // A step also runs after each branch that may choose it.
  const chosenBy = new Map<string, string[]>();
  for (const step of doc.steps) {
    if (step.uses !== 'branch') continue;
    for (const target of branchTargets(step).keys()) {
      if (target === step.id) continue;
      const branches = chosenBy.get(target);
      if (branches === undefined) chosenBy.set(target, [step.id]);
      else if (!branches.includes(step.id)) branches.push(step.id);
    }
  }
  const after = new Map(doc.steps.map((step) => [step.id, new Set([...ownDependencies(step), ...(chosenBy.get(step.id) ?? [])])]));
  const before = new Map<string, Set<string>>();
  for (const [id, waitsFor] of after) {
    for (const other of waitsFor) {
      if (!before.has(other)) before.set(other, new Set());
      before.get(other)!.add(id);
    }
  }
  const found = { after, before };
  dependencyCache.set(doc, found);
  return found;
}

/** Every step reached from `id` along `edges`, `id` excluded. */
function reachable(edges: Map<string, Set<string>>, id: string): Set<string> {
  const reached = new Set<string>();
  const pending = [...(edges.get(id) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (reached.has(next)) continue;
    reached.add(next);
    pending.push(...(edges.get(next) ?? []));
  }
  return reached;
}

/** `id` and every step that runs after it, directly or not: what it cannot refer to without a cycle. */
export function stepsAfter(doc: WorkflowDoc, id: string): Set<string> {
  return reachable(dependenciesOf(doc).before, id).add(id);
}

/** Every step `id` runs after, directly or not: what it cannot choose or wait for without a cycle. */
export function stepsBefore(doc: WorkflowDoc, id: string): Set<string> {
  return reachable(dependenciesOf(doc).after, id);
}

/** The ids of the steps a step (or, with 'outputs', the workflow's outputs) may refer to, in the workflow's order. */
export function availableStepIds(doc: WorkflowDoc, at: number | 'outputs'): string[] {
  const own = at === 'outputs' ? undefined : doc.steps[at]?.id;
  const excluded = own === undefined ? new Set<string>() : stepsAfter(doc, own);
  return doc.steps.map((step) => step.id).filter((id) => id !== '' && !excluded.has(id));
}

/** The fields of a step's output: what its kind says, or for an extraction the fields it is asked for. */
function outputFields(step: StepDoc, kind: StepKind | undefined): Record<string, JsonSchema> {
  if (step.uses === 'llm.extract') {
    const schema = step.with?.schema as JsonSchema | undefined;
    return schema?.properties ?? {};
  }
  return kind?.output_schema.properties ?? {};
}

/** Everything that can be written inside `{{ }}` at a step (or in the outputs): inputs, then available steps' results. */
export function availableReferences(doc: WorkflowDoc, at: number | 'outputs', kinds: StepKind[]): ReferenceOption[] {
  const options: ReferenceOption[] = Object.entries(doc.inputs).map(([name, input]) => ({
    path: `inputs.${name}`,
    detail: `Input · ${inputTypeWords(input)}`,
  }));
  const available = new Set(availableStepIds(doc, at));
  for (const step of doc.steps) {
    if (!available.has(step.id)) continue;
    const kind = kinds.find((k) => k.name === step.uses);
    const fields = outputFields(step, kind);
    const whole = step.uses === 'llm.extract' ? 'record' : schemaWords(kind?.output_schema);
    options.push({ path: `steps.${step.id}.output`, detail: `Output of step ${step.id} · ${whole}` });
    for (const [field, schema] of Object.entries(fields)) {
      options.push({
        path: `steps.${step.id}.output.${field}`,
        detail: `Field of step ${step.id} · ${typeOf(schema) === undefined && schema.enum === undefined ? 'any value' : schemaWords(schema)}`,
      });
    }
  }
  return options;
}

/** The references in `text` that are not among `options`: unknown inputs, steps not available here, misspelt results. */
export function invalidReferences(text: string, options: ReferenceOption[]): InvalidReference[] {
  const inputs = new Set<string>();
  const steps = new Set<string>();
  for (const { path } of options) {
    const parts = path.split('.');
    if (parts[0] === 'inputs' && parts.length === 2) inputs.add(parts[1]!);
    if (parts[0] === 'steps' && parts.length === 3 && parts[2] === 'output') steps.add(parts[1]!);
  }
  const invalid: InvalidReference[] = [];
  for (const written of writtenReferences(text)) {
    const [name, field] = written.segments;
    if (name === undefined) continue; // `inputs` as a whole, or a path still being written
    const head = `${written.root}.${name}`;
    const known = written.root === 'inputs' ? inputs : steps;
    if (!known.has(name)) {
      const close = didYouMean(name, known);
      invalid.push({
        start: written.start,
        end: written.start + head.length,
        path: head,
        ...(close !== undefined ? { suggestion: `${written.root}.${close}` } : {}),
      });
    } else if (written.root === 'steps' && field !== undefined && field !== 'output') {
      const path = `${head}.${field}`;
      invalid.push({ start: written.start, end: written.start + path.length, path, suggestion: `${head}.output` });
    }
  }
  return invalid;
}

/** Why a reference is marked, in a sentence: "steps.sumary is not a step here — did you mean steps.summary?" */
export function invalidReferenceMessage(invalid: InvalidReference): string {
  const hint = invalid.suggestion !== undefined ? ` — did you mean ${invalid.suggestion}?` : '';
  const parts = invalid.path.split('.');
  if (parts[0] === 'inputs') return `${invalid.path} is not an input of this workflow${hint}`;
  if (parts.length > 2) return `${invalid.path} does not exist: a step's result is ${invalid.suggestion ?? `steps.${parts[1]}.output`}`;
  return `${invalid.path} is not a step here${hint}`;
}
