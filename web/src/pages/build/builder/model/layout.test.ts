import { describe, expect, it } from 'vitest';
import { bigDoc, triageDoc } from './fixtures';
import { canvasGraph, INPUTS_NODE, OUTPUTS_NODE } from './graph';
import { renameStep } from './ids';
import { autoLayout, carryRenamed, nodeSize, placeMissing } from './layout';
import { parse } from './parse';
import { serialize } from './serialize';

describe('autoLayout', () => {
  it('lays out top to bottom: inputs above the steps, steps below what they wait for, outputs last', () => {
    const positions = autoLayout(canvasGraph(triageDoc));
    const y = (id: string) => positions[id]!.y;
    expect(y(INPUTS_NODE)).toBeLessThan(y('kind'));
    expect(y('urgency')).toBeLessThan(y('route'));
    expect(y('route')).toBeLessThan(y('page_oncall'));
    expect(y('kind')).toBeLessThan(y('queue_ticket'));
    expect(y('page_oncall')).toBeLessThan(y(OUTPUTS_NODE));
  });

  it('opens a 200-step workflow: parsed, drawn and laid out, every node placed', () => {
    const text = serialize(bigDoc(200));
    const result = parse(text);
    if ('error' in result) throw new Error(result.error);
    const graph = canvasGraph(result.doc);
    const positions = autoLayout(graph);
    expect(graph.nodes).toHaveLength(202);
    expect(graph.edges.length).toBeGreaterThan(200);
    expect(Object.keys(positions)).toHaveLength(202);
    expect(Object.values(positions).every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(positions.s199!.y).toBeGreaterThan(positions.s0!.y);
  });
});

describe('placing nodes that have no position', () => {
  it('puts a new step below what it waits for, at a free spot, or at the drop point', () => {
    const graph = canvasGraph(triageDoc);
    const positions = autoLayout(graph);
    const doc = { ...triageDoc, steps: [...triageDoc.steps, { id: 'notify', uses: 'template', needs: ['page_oncall'] }] };
    const next = placeMissing(canvasGraph(doc), positions);
    expect(next.notify!.y).toBeGreaterThan(positions.page_oncall!.y + nodeSize(graph.byId.get('page_oncall')!).height);
    expect(next.kind).toBe(positions.kind);
    expect(placeMissing(canvasGraph(doc), positions, { notify: { x: 5, y: 6 } }).notify).toEqual({ x: 5, y: 6 });
  });

  it('keeps the outputs below a step added under the last one', () => {
    const positions = autoLayout(canvasGraph(triageDoc));
    const doc = { ...triageDoc, steps: [...triageDoc.steps, { id: 'last', uses: 'template', needs: ['queue_ticket'] }] };
    const next = placeMissing(canvasGraph(doc), positions);
    expect(next[OUTPUTS_NODE]!.y).toBeGreaterThan(next.last!.y);
  });

  it('lays everything out when nothing has a place yet', () => {
    const graph = canvasGraph(triageDoc);
    expect(placeMissing(graph, {})).toEqual(autoLayout(graph));
  });

  it('keeps the place of a step renamed in place', () => {
    const positions = autoLayout(canvasGraph(triageDoc));
    const renamed = renameStep(triageDoc, 'urgency', 'how_urgent');
    expect(carryRenamed(triageDoc, renamed, positions).how_urgent).toEqual(positions.urgency);
  });
});

describe('the layered layout of big workflows', () => {
  it('puts every step below what it waits for, and no two steps of a row on top of each other', () => {
    const graph = canvasGraph(bigDoc(120));
    const positions = autoLayout(graph);
    for (const edge of graph.edges) {
      if (edge.source.startsWith('@') || edge.target.startsWith('@')) continue;
      expect(positions[edge.target]!.y).toBeGreaterThan(positions[edge.source]!.y);
    }
    const spots = new Set(Object.values(positions).map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(graph.nodes.length);
  });
});
