import { describe, expect, it } from 'vitest';
import { step, triageDefinition } from '../../../test/runFixtures';
import { caseLabel, referencedSteps, stepGraph } from './layout';

describe('referencedSteps', () => {
  it('finds steps.<id> inside expressions anywhere in a value, and nowhere else', () => {
    const found = referencedSteps({
      text: "{{ steps.kind.output.category }} and {{ steps['urgency'].output }}",
      plain: 'steps.notes is only text here',
      nested: [{ when: '{% if steps.route.output %}x{% endif %}' }],
    });
    expect([...found].sort()).toEqual(['kind', 'route', 'urgency']);
  });
});

describe('caseLabel', () => {
  it('shortens a branch condition for an edge label', () => {
    expect(caseLabel('{{ steps.a.output }}')).toBe('if a.output');
    expect(caseLabel('{{ steps.classify.output.category == "network" and x }}')).toBe('if classify.output.categor…');
    expect(caseLabel('')).toBe('if …');
  });
});

describe('stepGraph', () => {
  it('lays the steps out in columns by the longest chain of what they wait for', () => {
    const graph = stepGraph(triageDefinition, []);
    const place = Object.fromEntries(graph.steps.map((s) => [s.id, [s.layer, s.row]]));
    expect(place).toEqual({ kind: [0, 0], urgency: [0, 1], route: [1, 0], page_oncall: [2, 0], queue_ticket: [2, 1] });
    expect([graph.layers, graph.rows]).toEqual([3, 2]);
    expect(graph.steps.every((s) => s.status === 'not_started')).toBe(true);
  });

  it('draws edges for data, needs and branch choices, labelling the choices', () => {
    const definition = {
      name: 'x',
      steps: [...triageDefinition.steps, { id: 'notify', uses: 'template', needs: ['page_oncall'], with: { value: '{{ steps.kind.output }}' } }],
    };
    const edges = Object.fromEntries(stepGraph(definition, []).edges.map((e) => [e.id, [e.kind, e.label]]));
    expect(edges).toEqual({
      'urgency->route': ['data', undefined],
      'route->page_oncall': ['branch', "if urgency.output == 'high'"],
      'kind->page_oncall': ['data', undefined],
      'route->queue_ticket': ['branch', 'otherwise'],
      'kind->queue_ticket': ['data', undefined],
      'page_oncall->notify': ['needs', undefined],
      'kind->notify': ['data', undefined],
    });
  });

  it("takes each step's status from its record and counts a map's items", () => {
    const definition = { name: 'x', steps: [{ id: 'review', uses: 'map', with: { items: '{{ inputs.lines }}', steps: [{ id: 'line', uses: 'template' }] } }] };
    const running = stepGraph(definition, [step('review', { status: 'running' }), step('review[3].line'), step('review[0].line')]);
    expect(running.steps[0]).toMatchObject({ status: 'running', items: 4 });
    expect(running.steps[0]!.itemRecords.map((r) => r.key)).toEqual(['review[0].line', 'review[3].line']);

    const done = stepGraph(definition, [step('review', { output: ['a', 'b'] })]);
    expect(done.steps[0]).toMatchObject({ status: 'succeeded', items: 2 });
  });
});
