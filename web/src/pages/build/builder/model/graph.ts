// The canvas as data: a node for the inputs, one per step and one for the outputs, and the edges between them — from
// what each step refers to, what it `needs`, and what a branch chooses. Pure, so that it can be memoised on the doc.
import { branchTargets } from '../../../runs/graph/layout';
import { referencedInputs, referencedSteps } from './references';
import type { StepDoc, WorkflowDoc } from './types';

// Found as the run's graph finds them, so that both draw a branch's choices alike.
export { branchTargets };

/** Node ids no step can have (step ids are lower-case letters, digits and `_`). */
export const INPUTS_NODE = '@inputs';
export const OUTPUTS_NODE = '@outputs';

export type NodeKind = 'inputs' | 'outputs' | 'step' | 'branch' | 'map';

export interface GraphNode {
  /** The step's id; a step whose id is taken by an earlier one gets `<id>#<index>`, so that both show. */
  id: string;
  kind: NodeKind;
  /** Its place in `steps`; null for the inputs and outputs. */
  stepIndex: number | null;
  step: StepDoc | null;
  /** A map's own steps, in order. */
  inner: { id: string; uses: string }[];
}

export type EdgeKind = 'data' | 'needs' | 'branch' | 'output';

export interface GraphEdge {
  /** `<source>-><target>`: one edge per pair, whatever joins them. */
  id: string;
  source: string;
  target: string;
  /** How it is drawn: a branch's choice, a use of data, a plain wait, or what the outputs read. */
  kind: EdgeKind;
  /** The branch case that chooses the target: its condition shortened, or "otherwise". */
  label?: string;
  /** The target lists the source in `needs`: removing the edge removes that entry. */
  needs: boolean;
}

export interface CanvasGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node by id. */
  byId: ReadonlyMap<string, GraphNode>;
  /** Node id of each step id (its first step when repeated). */
  nodeOfStep: ReadonlyMap<string, string>;
}

function kindOf(step: StepDoc): NodeKind {
  if (step.uses === 'branch') return 'branch';
  if (step.uses === 'map') return 'map';
  return 'step';
}

function innerSteps(step: StepDoc): GraphNode['inner'] {
  const inner = step.uses === 'map' ? step.with?.steps : undefined;
  if (!Array.isArray(inner)) return [];
  return inner.map((item: unknown) => {
    const { id, uses } = (item ?? {}) as { id?: unknown; uses?: unknown };
    return { id: typeof id === 'string' ? id : '?', uses: typeof uses === 'string' ? uses : '?' };
  });
}

const RANK: Readonly<Record<EdgeKind, number>> = { output: 0, needs: 1, data: 2, branch: 3 };

/**
 * The steps a step's settings (or the outputs) read, and whether they read an input. Kept per object: typing in one
 * step's panel makes a new doc in which every other step's settings are the very same objects.
 */
const readsCache = new WeakMap<object, { steps: Set<string>; inputs: boolean }>();

function readsOf(value: Record<string, unknown> | undefined): { steps: ReadonlySet<string>; inputs: boolean } {
  if (value === undefined) return { steps: new Set(), inputs: false };
  let reads = readsCache.get(value);
  if (reads === undefined) {
    reads = { steps: referencedSteps(value), inputs: referencedInputs(value).size > 0 };
    readsCache.set(value, reads);
  }
  return reads;
}

/** The nodes and edges of the canvas for `doc`. */
export function canvasGraph(doc: WorkflowDoc): CanvasGraph {
  const nodeOfStep = new Map<string, string>();
  const nodes: GraphNode[] = [{ id: INPUTS_NODE, kind: 'inputs', stepIndex: null, step: null, inner: [] }];
  doc.steps.forEach((step, index) => {
    const id = nodeOfStep.has(step.id) ? `${step.id}#${index}` : step.id;
    if (!nodeOfStep.has(step.id)) nodeOfStep.set(step.id, id);
    nodes.push({ id, kind: kindOf(step), stepIndex: index, step, inner: innerSteps(step) });
  });
  nodes.push({ id: OUTPUTS_NODE, kind: 'outputs', stepIndex: null, step: null, inner: [] });

  const edges = new Map<string, GraphEdge>();
  const add = (source: string | undefined, target: string, kind: EdgeKind, extra: { label?: string; needs?: boolean } = {}) => {
    if (source === undefined || source === target) return;
    const id = `${source}->${target}`;
    const before = edges.get(id);
    const stronger = before === undefined || RANK[kind] > RANK[before.kind] ? kind : before.kind;
    edges.set(id, {
      id,
      source,
      target,
      kind: stronger,
      label: extra.label ?? before?.label,
      needs: (before?.needs ?? false) || (extra.needs ?? false),
    });
  };

  nodes.forEach(({ id, step }) => {
    if (step === null) return;
    const reads = readsOf(step.with);
    if (reads.inputs) add(INPUTS_NODE, id, 'data');
    for (const source of step.needs ?? []) add(nodeOfStep.get(source), id, 'needs', { needs: true });
    for (const source of reads.steps) add(nodeOfStep.get(source), id, 'data');
    if (step.uses === 'branch') {
      for (const [target, label] of branchTargets(step)) {
        const targetNode = nodeOfStep.get(target);
        if (targetNode !== undefined) add(id, targetNode, 'branch', { label });
      }
    }
  });
  const outputReads = readsOf(doc.outputs);
  if (outputReads.inputs) add(INPUTS_NODE, OUTPUTS_NODE, 'output');
  for (const source of outputReads.steps) add(nodeOfStep.get(source), OUTPUTS_NODE, 'output');

  return { nodes, edges: [...edges.values()], byId: new Map(nodes.map((node) => [node.id, node])), nodeOfStep };
}

/** Whether an edge from `source` to `target` would close a loop: `source` already comes after `target`. */
export function wouldCycle(graph: CanvasGraph, source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const after of next.get(id) ?? []) {
      if (after === source) return true;
      if (!seen.has(after)) {
        seen.add(after);
        queue.push(after);
      }
    }
  }
  return false;
}
