// React Flow's nodes and edges from the canvas graph. A node or edge whose look did not change is the very same object
// as before, so that React Flow (and the memoised node components) skip it: typing in one step's panel redraws one node.
import { MarkerType, Position, type Edge, type Node } from '@xyflow/react';
import { INPUTS_NODE, type CanvasGraph, type EdgeKind, type GraphNode, type NodeKind } from '../model/graph';
import { nodeSize, type Positions } from '../model/layout';
import type { InputDoc, StepDoc } from '../model/types';
import { stepSummary } from './StepNode';

export interface NodeMarks {
  problems: number;
  violations: number;
}

/** What is drawn over the graph: problems, the test run's statuses, a policy path picked out. */
export interface Decorations {
  marks: ReadonlyMap<string, NodeMarks>;
  /** Status by step id, from the test run shown; null when there is none. */
  statuses: Readonly<Record<string, string>> | null;
  highlight: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null;
  /** The title of each step kind, by name. */
  titles: ReadonlyMap<string, string>;
}

export type BuilderNodeData = {
  kind: NodeKind;
  /** The step as drawn: a change that does not show on the node (a prompt typed) keeps the node as it was. */
  step: StepDoc | null;
  /** The kind's title ("Classify"). */
  title: string;
  inputs: Record<string, InputDoc> | null;
  outputs: Record<string, unknown> | null;
  problems: number;
  violations: number;
  status: string | null;
  highlighted: boolean;
  dimmed: boolean;
};
export type BuilderNode = Node<BuilderNodeData, 'step' | 'endpoint'>;

/** `look` sums up how the edge is drawn, to tell when it must be drawn again. */
export type BuilderEdgeData = { kind: EdgeKind; needs: boolean; look: string };
export type BuilderEdge = Edge<BuilderEdgeData>;

function handles(width: number, height: number, kind: NodeKind) {
  const target = { type: 'target' as const, position: Position.Top, x: width / 2 - 4, y: -4, width: 8, height: 8 };
  const source = { type: 'source' as const, position: Position.Bottom, x: width / 2 - 4, y: height - 4, width: 8, height: 8 };
  if (kind === 'inputs') return [source];
  if (kind === 'outputs') return [target];
  return [target, source];
}

/** Whether a step draws the same: typing in its settings changes the step, rarely what its node shows. */
function sameLook(a: StepDoc | null, b: StepDoc | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.id !== b.id || a.uses !== b.uses || stepSummary(a) !== stepSummary(b)) return false;
  return a.uses !== 'map' || a.with?.steps === b.with?.steps;
}

/** Whether a node would be drawn the same; its `step` may then be the one it was drawn from, not the latest. */
function sameData(a: BuilderNodeData, b: BuilderNodeData): boolean {
  return (Object.keys(a) as (keyof BuilderNodeData)[]).every((key) => (key === 'step' ? sameLook(a.step, b.step) : a[key] === b[key]));
}

function nodeData(node: GraphNode, graphInputs: Record<string, InputDoc>, graphOutputs: Record<string, unknown>, decorations: Decorations): BuilderNodeData {
  const marks = decorations.marks.get(node.id);
  const highlight = decorations.highlight;
  const stepId = node.step?.id;
  return {
    kind: node.kind,
    step: node.step,
    title: node.step === null ? '' : (decorations.titles.get(node.step.uses) ?? node.step.uses),
    inputs: node.kind === 'inputs' ? graphInputs : null,
    outputs: node.kind === 'outputs' ? graphOutputs : null,
    problems: marks?.problems ?? 0,
    violations: marks?.violations ?? 0,
    status: stepId === undefined ? null : (decorations.statuses?.[stepId] ?? null),
    highlighted: highlight?.nodes.has(node.id) ?? false,
    dimmed: highlight !== null && !highlight.nodes.has(node.id),
  };
}

function ariaLabel(node: GraphNode, data: BuilderNodeData): string {
  const marks = [data.problems > 0 ? `${data.problems} problem${data.problems === 1 ? '' : 's'}` : null, data.violations > 0 ? `${data.violations} policy warning${data.violations === 1 ? '' : 's'}` : null].filter(Boolean);
  const base = node.kind === 'inputs' ? 'Inputs' : node.kind === 'outputs' ? 'Outputs' : `Step ${node.step?.id ?? ''} (${data.title})`;
  return [base, ...marks, data.status ? `test: ${data.status}` : null].filter(Boolean).join(', ');
}

/** The nodes for React Flow, reusing `previous` ones whose look did not change. */
export function flowNodes(
  graph: CanvasGraph,
  docParts: { inputs: Record<string, InputDoc>; outputs: Record<string, unknown> },
  positions: Positions,
  selected: ReadonlySet<string>,
  decorations: Decorations,
  previous: ReadonlyMap<string, BuilderNode>,
): BuilderNode[] {
  return graph.nodes.map((node) => {
    const data = nodeData(node, docParts.inputs, docParts.outputs, decorations);
    const position = positions[node.id] ?? { x: 0, y: 0 };
    const isSelected = selected.has(node.id);
    const before = previous.get(node.id);
    if (before && before.position === position && before.selected === isSelected && sameData(before.data, data)) return before;
    const { width, height } = nodeSize(node);
    const endpoint = node.kind === 'inputs' || node.kind === 'outputs';
    return {
      id: node.id,
      type: endpoint ? 'endpoint' : 'step',
      position,
      data,
      width,
      height,
      handles: handles(width, height, node.kind),
      selected: isSelected,
      ariaLabel: ariaLabel(node, data),
      connectable: true,
      deletable: false,
    };
  });
}

const STROKE: Readonly<Record<EdgeKind, string>> = {
  branch: 'var(--mantine-color-orange-6)',
  data: 'var(--mantine-color-gray-6)',
  needs: 'var(--mantine-color-gray-5)',
  output: 'var(--mantine-color-green-6)',
};

function edgeLabel(source: string, target: string, kind: EdgeKind, needs: boolean): string {
  if (needs) return `Step ${target} waits for ${source}. Press Delete to remove this link`;
  if (kind === 'branch') return `Branch ${source} may choose ${target}`;
  return `${target} uses the result of ${source}`;
}

/** The edges for React Flow, reusing `previous` ones whose look did not change. */
export function flowEdges(graph: CanvasGraph, selected: ReadonlySet<string>, decorations: Decorations, previous: ReadonlyMap<string, BuilderEdge>): BuilderEdge[] {
  const highlight = decorations.highlight;
  return graph.edges.map((edge) => {
    const highlighted = highlight?.edges.has(edge.id) ?? false;
    const dimmed = highlight !== null && !highlighted;
    const isSelected = selected.has(edge.id);
    const before = previous.get(edge.id);
    const look = `${edge.kind}|${edge.label ?? ''}|${edge.needs}|${highlighted}|${dimmed}`;
    if (before && before.selected === isSelected && before.data?.look === look) return before;
    // The inputs feed many steps: their edges stay light, so that the flow between steps stands out.
    const fromInputs = edge.source === INPUTS_NODE && edge.kind === 'data';
    const stroke = highlighted ? 'var(--mantine-color-orange-7)' : fromInputs ? 'var(--mantine-color-indigo-2)' : STROKE[edge.kind];
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: edge.label,
      labelBgPadding: [6, 3] as [number, number],
      labelStyle: { fontSize: 11 },
      style: {
        stroke,
        strokeWidth: highlighted ? 3 : edge.kind === 'branch' ? 1.75 : 1.5,
        // A wait is dashed; what the outputs read, dotted: neither carries a step's own input.
        strokeDasharray: edge.kind === 'needs' ? '6 4' : edge.kind === 'output' ? '2 4' : undefined,
        opacity: dimmed ? 0.2 : 1,
      },
      markerEnd: { type: MarkerType.ArrowClosed, color: stroke },
      selected: isSelected,
      // Only a `needs` link is the canvas's own to remove; the others come from what a step's settings say.
      selectable: edge.needs,
      focusable: edge.needs,
      deletable: false,
      ariaLabel: edgeLabel(edge.source, edge.target, edge.kind, edge.needs),
      data: { kind: edge.kind, needs: edge.needs, look },
    };
  });
}
