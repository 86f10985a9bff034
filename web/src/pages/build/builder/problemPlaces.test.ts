import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../api/types';
import { canvasGraph, INPUTS_NODE, OUTPUTS_NODE } from './model/graph';
import { triageDoc } from './model/fixtures';
import { distinctWarnings, nodeMarks, nodeOfPath, warningPath } from './problemPlaces';

const graph = canvasGraph(triageDoc);

function violation(overrides: Partial<Violation> = {}): Violation {
  return {
    path: 'steps[3]',
    step: 'page_oncall',
    source: 'inputs.body',
    label: 'confidential/pii',
    through: ['urgency', 'route'],
    sink: 'the model hosted-general',
    clearance: 'internal',
    message: 'inputs.body reaches the model hosted-general',
    fix: 'use private-secure',
    ...overrides,
  };
}

describe('where problems land', () => {
  it('puts a problem on its step, the inputs, the outputs, or nowhere', () => {
    expect(nodeOfPath('steps[2].with.cases[0].when', graph)).toBe('route');
    expect(nodeOfPath('steps[1].with.steps[0].uses', graph)).toBe('urgency');
    expect(nodeOfPath('inputs.subject', graph)).toBe(INPUTS_NODE);
    expect(nodeOfPath('outputs.result', graph)).toBe(OUTPUTS_NODE);
    expect(nodeOfPath('name', graph)).toBeNull();
    expect(nodeOfPath('steps[9]', graph)).toBeNull();
  });

  it('lists a warning found in both environments once, and counts marks per node', () => {
    const warnings = distinctWarnings([
      { environment: 'dev', violations: [violation()] },
      { environment: 'staging', violations: [violation(), violation({ step: 'kind', path: 'steps[0]', through: [] })] },
    ]);
    expect(warnings.map((w) => [w.violation.step, w.environments])).toEqual([
      ['page_oncall', ['dev', 'staging']],
      ['kind', ['staging']],
    ]);
    const marks = nodeMarks([{ path: 'steps[3].with.value', message: 'x' }, { path: 'steps[3]', message: 'y' }, { path: 'name', message: 'z' }], warnings, graph);
    expect(Object.fromEntries(marks)).toEqual({ page_oncall: { problems: 2, violations: 1 }, kind: { problems: 0, violations: 1 } });
  });

  it("follows a warning's data from its source through its steps to the step that sends it", () => {
    expect(warningPath(violation(), graph)).toEqual({
      nodes: new Set([INPUTS_NODE, 'urgency', 'route', 'page_oncall']),
      edges: new Set([`${INPUTS_NODE}->urgency`, 'urgency->route', 'route->page_oncall']),
    });
    expect(warningPath(violation({ source: null, through: [] }), graph)).toEqual({ nodes: new Set(['page_oncall']), edges: new Set() });
  });
});
