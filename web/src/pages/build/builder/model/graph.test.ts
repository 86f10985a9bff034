import { describe, expect, it } from 'vitest';
import { triageDoc } from './fixtures';
import { canvasGraph, INPUTS_NODE, OUTPUTS_NODE, wouldCycle } from './graph';
import type { WorkflowDoc } from './types';

const edgesOf = (doc: WorkflowDoc) =>
  Object.fromEntries(canvasGraph(doc).edges.map((edge) => [edge.id, [edge.kind, edge.label ?? null, edge.needs]]));

describe('canvasGraph', () => {
  it('has the inputs first, a node per step, and the outputs last', () => {
    const graph = canvasGraph(triageDoc);
    expect(graph.nodes.map((node) => [node.id, node.kind])).toEqual([
      [INPUTS_NODE, 'inputs'],
      ['kind', 'step'],
      ['urgency', 'step'],
      ['route', 'branch'],
      ['page_oncall', 'step'],
      ['queue_ticket', 'step'],
      [OUTPUTS_NODE, 'outputs'],
    ]);
    expect(graph.byId.get('route')?.stepIndex).toBe(2);
  });

  it('draws data from references, waits from needs, choices labelled by case, and what the outputs read', () => {
    expect(edgesOf(triageDoc)).toEqual({
      '@inputs->kind': ['data', null, false],
      '@inputs->urgency': ['data', null, false],
      'urgency->route': ['data', null, false],
      'route->page_oncall': ['branch', "if urgency.output == 'high'", false],
      'route->queue_ticket': ['branch', 'otherwise', false],
      'kind->page_oncall': ['data', null, false],
      'kind->queue_ticket': ['needs', null, true],
      'page_oncall->@outputs': ['output', null, false],
      'queue_ticket->@outputs': ['output', null, false],
    });
  });

  it('keeps one edge per pair, drawn as its strongest kind, remembering a needs entry under data', () => {
    const doc: WorkflowDoc = {
      ...triageDoc,
      steps: [
        { id: 'a', uses: 'template', with: { value: 1 } },
        { id: 'b', uses: 'template', with: { value: '{{ steps.a.output }}' }, needs: ['a', 'missing'] },
      ],
      outputs: { raw: '{{ inputs.subject }}' },
    };
    expect(edgesOf(doc)).toEqual({ 'a->b': ['data', null, true], '@inputs->@outputs': ['output', null, false] });
  });

  it('draws a map as one node listing its own steps', () => {
    const doc: WorkflowDoc = {
      ...triageDoc,
      steps: [{ id: 'each', uses: 'map', with: { items: '{{ inputs.lines }}', steps: [{ id: 'line', uses: 'template' }, { id: 'sum', uses: 'llm' }] } }],
    };
    expect(canvasGraph(doc).byId.get('each')).toMatchObject({ kind: 'map', inner: [{ id: 'line', uses: 'template' }, { id: 'sum', uses: 'llm' }] });
  });

  it("follows a change to one step's settings while the other steps stay the very same objects", () => {
    const before = canvasGraph(triageDoc);
    // queue_ticket now reads urgency's result, and the subject.
    const doc: WorkflowDoc = {
      ...triageDoc,
      steps: triageDoc.steps.map((step) =>
        step.id === 'queue_ticket' ? { ...step, with: { value: '{{ steps.urgency.output }}: {{ inputs.subject }}' } } : step,
      ),
    };
    const added = canvasGraph(doc).edges.filter((edge) => !before.edges.some((old) => old.id === edge.id));
    expect(added.map((edge) => [edge.id, edge.kind])).toEqual([
      [`${INPUTS_NODE}->queue_ticket`, 'data'],
      ['urgency->queue_ticket', 'data'],
    ]);
    // The doc before says what it said.
    expect(canvasGraph(triageDoc).edges).toEqual(before.edges);
  });

  it('shows both steps when two have the same id', () => {
    const doc: WorkflowDoc = { ...triageDoc, steps: [{ id: 'a', uses: 'template' }, { id: 'a', uses: 'llm' }] };
    expect(canvasGraph(doc).nodes.map((node) => node.id)).toEqual([INPUTS_NODE, 'a', 'a#1', OUTPUTS_NODE]);
  });
});

describe('wouldCycle', () => {
  it('refuses an edge back to a step that leads to the source', () => {
    const graph = canvasGraph(triageDoc);
    expect(wouldCycle(graph, 'page_oncall', 'urgency')).toBe(true);
    expect(wouldCycle(graph, 'urgency', 'kind')).toBe(false);
    expect(wouldCycle(graph, 'kind', 'kind')).toBe(true);
  });
});
