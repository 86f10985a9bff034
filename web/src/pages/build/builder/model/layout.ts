// Where the nodes sit. Positions are not part of the definition: they live beside it, laid out top to bottom with dagre
// when a workflow opens or on Auto-layout, and otherwise only filled in for nodes that have none yet (a step added,
// pasted, or renamed in the YAML), so that a keystroke never moves what the person placed.
import dagre from '@dagrejs/dagre';
import { INPUTS_NODE, OUTPUTS_NODE, type CanvasGraph, type GraphNode } from './graph';
import { layeredCentres } from './layered';
import type { WorkflowDoc } from './types';

export interface Point {
  x: number;
  y: number;
}

/** Top-left corner of each node, by node id. */
export type Positions = Readonly<Record<string, Point>>;

export const NODE_WIDTH = 240;
const STEP_HEIGHT = 76;
const ENDPOINT_HEIGHT = 64;
/** A map lists this many of its steps; more are counted. */
export const MAP_LISTED = 4;
const MAP_ROW = 24;
// Room between ranks for a branch's labels.
const RANK_GAP = 72;
const NODE_GAP = 40;
/** Beyond this many steps dagre takes too long (a tenth of a second and more): a simpler layered layout does. */
const QUICK_LAYOUT_STEPS = 60;

/** Every node's size is known up front, so the canvas need not measure before it draws the edges. */
export function nodeSize(node: GraphNode): { width: number; height: number } {
  if (node.kind === 'inputs' || node.kind === 'outputs') return { width: NODE_WIDTH, height: ENDPOINT_HEIGHT };
  if (node.kind === 'map') {
    const rows = Math.min(node.inner.length, MAP_LISTED) + (node.inner.length > MAP_LISTED ? 1 : 0);
    return { width: NODE_WIDTH, height: STEP_HEIGHT + 12 + Math.max(1, rows) * MAP_ROW };
  }
  return { width: NODE_WIDTH, height: STEP_HEIGHT };
}

/** The x that centres a node over (or under) `nodes`, placed at `positions`. */
function centredOver(ids: readonly string[], positions: Record<string, Point>): number {
  const xs = ids.map((id) => positions[id]?.x).filter((x): x is number => x !== undefined);
  return xs.length === 0 ? 0 : Math.round((Math.min(...xs) + Math.max(...xs)) / 2);
}

/**
 * The centre of each step, by dagre. The inputs and outputs stay out of its graph: edges from them to steps far down
 * would each cost it a node per rank crossed.
 */
function dagreCentres(steps: readonly GraphNode[], graph: CanvasGraph): Record<string, Point> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of steps) g.setNode(node.id, nodeSize(node));
  for (const edge of graph.edges) {
    if (edge.source !== INPUTS_NODE && edge.target !== OUTPUTS_NODE) g.setEdge(edge.source, edge.target);
  }
  dagre.layout(g);
  return Object.fromEntries(steps.map((node) => [node.id, g.node(node.id) as Point]));
}

/** All nodes laid out top to bottom: the steps by dagre (or, when there are many, in layers), the inputs centred above them, the outputs below. */
export function autoLayout(graph: CanvasGraph): Positions {
  const steps = graph.nodes.filter((node) => node.stepIndex !== null);
  const centres =
    steps.length > QUICK_LAYOUT_STEPS ? layeredCentres(steps, graph.edges, nodeSize, RANK_GAP, NODE_GAP) : dagreCentres(steps, graph);
  const positions: Record<string, Point> = {};
  let top = 0;
  let bottom = 0;
  for (const node of steps) {
    const { x, y } = centres[node.id]!;
    const { width, height } = nodeSize(node);
    positions[node.id] = { x: Math.round(x - width / 2), y: Math.round(y - height / 2) };
    top = Math.min(top, positions[node.id]!.y);
    bottom = Math.max(bottom, positions[node.id]!.y + height);
  }
  const firstRow = steps.filter((node) => positions[node.id]!.y === top).map((node) => node.id);
  const read = graph.edges.filter((edge) => edge.target === OUTPUTS_NODE).map((edge) => edge.source);
  positions[INPUTS_NODE] = { x: centredOver(firstRow, positions), y: top - RANK_GAP - ENDPOINT_HEIGHT };
  positions[OUTPUTS_NODE] = { x: centredOver(read.length > 0 ? read : firstRow, positions), y: bottom + RANK_GAP };
  return positions;
}

/** Positions follow a step whose id changed in place (renamed in a panel or in the YAML). */
export function carryRenamed(before: WorkflowDoc, after: WorkflowDoc, positions: Positions): Positions {
  if (before.steps.length !== after.steps.length) return positions;
  const stillThere = new Set(after.steps.map((step) => step.id));
  let carried: Record<string, Point> | null = null;
  for (const [index, step] of after.steps.entries()) {
    const old = before.steps[index]?.id;
    const from = old === undefined ? undefined : positions[old];
    if (old === undefined || old === step.id || stillThere.has(old) || positions[step.id] || from === undefined) continue;
    carried ??= { ...positions };
    carried[step.id] = from;
  }
  return carried ?? positions;
}

function overlaps(point: Point, size: { width: number; height: number }, taken: readonly { p: Point; w: number; h: number }[]): boolean {
  return taken.some(
    ({ p, w, h }) => point.x < p.x + w + 16 && p.x < point.x + size.width + 16 && point.y < p.y + h + 16 && p.y < point.y + size.height + 16,
  );
}

/**
 * Positions for the nodes that have none: at `hints` (a drop point) when given, else below what leads to them, else
 * to the right of everything; moved right until they overlap nothing. Lays everything out when half the nodes are new.
 */
export function placeMissing(graph: CanvasGraph, positions: Positions, hints: Positions = {}): Positions {
  const missing = graph.nodes.filter((node) => positions[node.id] === undefined);
  if (missing.length === 0) return positions;
  if (needsFullLayout(graph, positions)) return autoLayout(graph);
  const placed: Record<string, Point> = { ...positions };
  const taken = graph.nodes
    .filter((node) => placed[node.id] !== undefined)
    .map((node) => ({ p: placed[node.id]!, w: nodeSize(node).width, h: nodeSize(node).height }));
  const right = Math.max(0, ...taken.map(({ p, w }) => p.x + w));
  const top = placed[INPUTS_NODE] ? placed[INPUTS_NODE].y + ENDPOINT_HEIGHT + RANK_GAP : 0;
  for (const node of missing) {
    const size = nodeSize(node);
    let point = hints[node.id];
    if (point === undefined) {
      const before = graph.edges
        .filter((edge) => edge.target === node.id && placed[edge.source] !== undefined)
        .map((edge) => ({ p: placed[edge.source]!, h: nodeSize(graph.byId.get(edge.source)!).height }));
      point =
        before.length > 0
          ? { x: before[0]!.p.x, y: Math.max(...before.map(({ p, h }) => p.y + h)) + RANK_GAP }
          : { x: right + NODE_GAP, y: top };
      while (overlaps(point, size, taken)) point = { x: point.x + size.width + NODE_GAP, y: point.y };
    }
    placed[node.id] = point;
    taken.push({ p: point, w: size.width, h: size.height });
  }
  // The outputs stay below every step.
  const outputs = placed[OUTPUTS_NODE];
  const bottom = Math.max(...missing.filter((node) => node.stepIndex !== null).map((node) => placed[node.id]!.y + nodeSize(node).height));
  if (outputs && bottom + RANK_GAP > outputs.y) placed[OUTPUTS_NODE] = { x: outputs.x, y: bottom + RANK_GAP };
  return placed;
}

/** Whether so few nodes have a place (half or more are new: another workflow loaded) that all are laid out afresh. */
export function needsFullLayout(graph: CanvasGraph, positions: Positions): boolean {
  const missing = graph.nodes.filter((node) => positions[node.id] === undefined).length;
  return missing > 0 && missing * 2 >= graph.nodes.length;
}
