import { describe, expect, it } from 'vitest';
import { definitionName, withDefinitionName } from './definitionName';
import { EXAMPLE_WORKFLOW } from './example';

describe('the name of a definition', () => {
  it('reads the top-level name of YAML and JSON', () => {
    expect(definitionName(EXAMPLE_WORKFLOW)).toBe('ticket-triage');
    expect(definitionName('kind: Workflow\nname: "leave-requests"  \nsteps: []')).toBe('leave-requests');
    expect(definitionName("name: 'quoted' # a comment")).toBe('quoted');
    expect(definitionName('name: plain # a comment')).toBe('plain');
    expect(definitionName('{ "kind": "Workflow", "name": "from-json" }')).toBe('from-json');
  });

  it('has none when it is missing, empty, indented or unreadable', () => {
    expect(definitionName('kind: Workflow\nsteps: []')).toBeNull();
    expect(definitionName('name:\nsteps: []')).toBeNull();
    expect(definitionName('steps:\n  - id: x\n    name: inner')).toBeNull();
    expect(definitionName('{ "name": ')).toBeNull();
    expect(definitionName('{ "name": 3 }')).toBeNull();
  });

  it('is written after kind, into an empty name line, or first', () => {
    expect(withDefinitionName('apiVersion: paddock/v1\nkind: Workflow\nsteps: []\n', 'mine')).toBe(
      'apiVersion: paddock/v1\nkind: Workflow\nname: mine\nsteps: []\n',
    );
    expect(withDefinitionName('name:\nsteps: []', 'mine')).toBe('name: mine\nsteps: []');
    expect(withDefinitionName('steps: []', 'mine')).toBe('name: mine\nsteps: []');
    const json = withDefinitionName('{\n  "kind": "Workflow"\n}', 'mine');
    expect(JSON.parse(json)).toEqual({ name: 'mine', kind: 'Workflow' });
    expect(definitionName(withDefinitionName('{}', 'mine'))).toBe('mine');
  });
});
