// A quick layered layout for big workflows, where dagre takes too long to open them: rows by the longest chain of what
// each step waits for, each row ordered once by where the steps it waits for sit. Linear in steps and edges.
import type { GraphEdge, GraphNode } from './graph';

export interface Box {
  width: number;
  height: number;
}

/** The centre of each step, rows `rowGap` apart and nodes `nodeGap` apart, centred on x = 0. */
export function layeredCentres(steps: readonly GraphNode[], edges: readonly GraphEdge[], size: (node: GraphNode) => Box, rowGap: number, nodeGap: number) {
  const ids = new Set(steps.map((step) => step.id));
  const before = new Map<string, string[]>(steps.map((step) => [step.id, []]));
  const after = new Map<string, string[]>(steps.map((step) => [step.id, []]));
  for (const { source, target } of edges) {
    if (!ids.has(source) || !ids.has(target)) continue;
    before.get(target)!.push(source);
    after.get(source)!.push(target);
  }
  // Longest path from the steps that wait for nothing (Kahn's order); steps on a cycle go where they are reached.
  const rank = new Map<string, number>();
  const waiting = new Map(steps.map((step) => [step.id, before.get(step.id)!.length]));
  const queue = steps.filter((step) => waiting.get(step.id) === 0).map((step) => step.id);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const own = rank.get(id) ?? 0;
    rank.set(id, own);
    for (const next of after.get(id)!) {
      rank.set(next, Math.max(rank.get(next) ?? 0, own + 1));
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const rows: GraphNode[][] = [];
  for (const step of steps) {
    const row = rank.get(step.id) ?? 0;
    (rows[row] ??= []).push(step);
  }
  // Each row in the order of the mean place of what its steps wait for, in the row above (stable otherwise).
  const place = new Map<string, number>();
  const centres: Record<string, { x: number; y: number }> = {};
  let y = 0;
  for (const row of rows) {
    if (row === undefined) continue;
    const weight = (node: GraphNode) => {
      const places = before.get(node.id)!.flatMap((id) => place.get(id) ?? []);
      return places.length === 0 ? Number.POSITIVE_INFINITY : places.reduce((a, b) => a + b, 0) / places.length;
    };
    const ordered = row.map((node, index) => ({ node, index, weight: weight(node) })).sort((a, b) => a.weight - b.weight || a.index - b.index);
    const widths = ordered.map(({ node }) => size(node).width);
    const total = widths.reduce((a, b) => a + b, 0) + nodeGap * (ordered.length - 1);
    const height = Math.max(...ordered.map(({ node }) => size(node).height));
    let x = -total / 2;
    ordered.forEach(({ node }, index) => {
      place.set(node.id, index - (ordered.length - 1) / 2);
      centres[node.id] = { x: x + widths[index]! / 2, y: y + height / 2 };
      x += widths[index]! + nodeGap;
    });
    y += height + rowGap;
  }
  return centres;
}
