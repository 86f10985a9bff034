import type { DefinitionStep, StepView, WorkflowDefinition } from '../../../api/types';
import { NOT_STARTED } from '../status';

/** One top-level step of a run, with what the run recorded of it. */
export interface StepInfo {
  id: string;
  uses: string;
  /** Its record's status, or `not_started`. */
  status: string;
  record: StepView | null;
  /** For a map: its records per item (keys like `review[2].line`), in item order. */
  itemRecords: StepView[];
  /** For a map: how many items it runs over, once known. */
  items: number | null;
}

export interface LaidOutStep extends StepInfo {
  /** The column: one more than the latest step it waits for. */
  layer: number;
  /** The position within its column, in written order. */
  row: number;
}

export interface StepEdge {
  id: string;
  source: string;
  target: string;
  /** `data`: uses the source's output; `needs`: waits for it; `branch`: is chosen by it. */
  kind: 'data' | 'needs' | 'branch';
  label?: string;
}

export interface StepGraph {
  steps: LaidOutStep[];
  edges: StepEdge[];
  /** How many columns and the most steps in one column. */
  layers: number;
  rows: number;
}

const EXPRESSION = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const REFERENCE = /\bsteps\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

/** The step ids referenced as `steps.<id>` in the expressions anywhere inside `value`. */
export function referencedSteps(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const [, expression = '', statement = ''] of value.matchAll(EXPRESSION)) {
      for (const [, dotted, quoted] of `${expression}${statement}`.matchAll(REFERENCE)) into.add(dotted ?? quoted ?? '');
    }
  } else if (Array.isArray(value)) {
    for (const item of value) referencedSteps(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) referencedSteps(item, into);
  }
  return into;
}

const LABEL_LENGTH = 24;

/** A branch case's condition as an edge label: without braces and `steps.`, shortened. */
export function caseLabel(when: unknown): string {
  const raw = typeof when === 'string' ? when : JSON.stringify(when ?? '');
  const text = raw.replace(/^\s*\{\{\s*|\s*\}\}\s*$/g, '').replace(/\bsteps\./g, '').trim();
  if (text === '') return 'if …';
  return `if ${text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH - 1)}…` : text}`;
}

/** The steps a branch chooses (its cases' `then` and its `default`), each with the label of the case (or cases) that does. */
export function branchTargets(step: { with?: unknown }): Map<string, string> {
  const targets = new Map<string, string>();
  const add = (id: unknown, label: string) => {
    if (typeof id !== 'string') return;
    const before = targets.get(id);
    targets.set(id, before === undefined ? label : `${before} / ${label}`);
  };
  const spec = (step.with ?? {}) as { cases?: unknown; default?: unknown };
  if (Array.isArray(spec.cases)) {
    for (const item of spec.cases) {
      const { when, then } = (item ?? {}) as { when?: unknown; then?: unknown };
      if (Array.isArray(then)) for (const id of then) add(id, caseLabel(when));
    }
  }
  if (Array.isArray(spec.default)) for (const id of spec.default) add(id, 'otherwise');
  return targets;
}

function stepInfo(step: DefinitionStep, records: readonly StepView[]): StepInfo {
  const record = records.find((r) => r.key === step.id) ?? null;
  const prefix = `${step.id}[`;
  const itemRecords = step.uses === 'map' ? records.filter((r) => r.key.startsWith(prefix)) : [];
  const index = (key: string) => Number.parseInt(key.slice(prefix.length), 10);
  itemRecords.sort((a, b) => index(a.key) - index(b.key));
  let items: number | null = null;
  if (step.uses === 'map') {
    if (Array.isArray(record?.output)) items = record.output.length;
    else if (itemRecords.length > 0) items = Math.max(...itemRecords.map((r) => index(r.key))) + 1;
  }
  return { id: step.id, uses: step.uses, status: record?.status ?? NOT_STARTED, record, itemRecords, items };
}

/** The edges of the graph: to each step from what it uses, needs, or is chosen by. */
function stepEdges(steps: readonly DefinitionStep[]): StepEdge[] {
  const ids = new Set(steps.map((step) => step.id));
  const edges = new Map<string, StepEdge>();
  const add = (edge: Omit<StepEdge, 'id'>) => {
    const id = `${edge.source}->${edge.target}`;
    if (edge.source === edge.target || !ids.has(edge.source) || !ids.has(edge.target)) return;
    if (edges.get(id)?.kind === 'branch') return;
    edges.set(id, { id, ...edge });
  };
  for (const step of steps) {
    for (const source of step.needs ?? []) add({ source, target: step.id, kind: 'needs' });
    for (const source of referencedSteps(step.with)) add({ source, target: step.id, kind: 'data' });
    if (step.uses === 'branch') {
      for (const [target, label] of branchTargets(step)) add({ source: step.id, target, kind: 'branch', label });
    }
  }
  return [...edges.values()];
}

/** Columns by longest path: each step one column right of the latest step it waits for. */
function layers(steps: readonly DefinitionStep[], edges: readonly StepEdge[]): Map<string, number> {
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const place = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // A cycle cannot pass validation; never loop on one.
    visiting.add(id);
    const before = edges.filter((edge) => edge.target === id).map((edge) => place(edge.source) + 1);
    const value = Math.max(0, ...before);
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  for (const step of steps) place(step.id);
  return layer;
}

/** The run's top-level steps laid out in columns by dependency, with the edges between them. */
export function stepGraph(definition: WorkflowDefinition, records: readonly StepView[]): StepGraph {
  const steps = definition.steps ?? [];
  const edges = stepEdges(steps);
  const columns = layers(steps, edges);
  const filled = new Map<number, number>();
  const laidOut = steps.map((step) => {
    const layer = columns.get(step.id) ?? 0;
    const row = filled.get(layer) ?? 0;
    filled.set(layer, row + 1);
    return { ...stepInfo(step, records), layer, row };
  });
  return {
    steps: laidOut,
    edges,
    layers: Math.max(0, ...laidOut.map((step) => step.layer + 1)),
    rows: Math.max(0, ...filled.values()),
  };
}
