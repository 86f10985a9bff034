import { describe, expect, it } from 'vitest';
import { EXAMPLE_WORKFLOW } from '../../example';
import { bigDoc, triageDoc } from './fixtures';
import { parse, parseSteps } from './parse';
import { serialize, serializeSteps } from './serialize';
import type { WorkflowDoc } from './types';

function docOf(text: string): WorkflowDoc {
  const result = parse(text);
  if ('error' in result) throw new Error(result.error);
  return result.doc;
}

describe('parse', () => {
  it('reads the example workflow into the model', () => {
    const doc = docOf(EXAMPLE_WORKFLOW);
    expect(doc.name).toBe('ticket-triage');
    expect(Object.keys(doc.inputs)).toEqual(['subject', 'body']);
    expect(doc.steps.map((step) => step.id)).toEqual(['kind', 'urgency', 'route', 'page_oncall', 'queue_ticket']);
    expect(doc.steps[2]?.with).toEqual({ cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: ['page_oncall'] }], default: ['queue_ticket'] });
  });

  it('reads JSON too', () => {
    expect(docOf(JSON.stringify(triageDoc))).toEqual(triageDoc);
  });

  it('fills in what a missing section reads as', () => {
    expect(docOf('name: x\nsteps:\n  - { id: a, uses: template }\n')).toEqual({
      apiVersion: 'paddock/v1',
      kind: 'Workflow',
      name: 'x',
      inputs: {},
      steps: [{ id: 'a', uses: 'template' }],
      outputs: {},
    });
  });

  it('says what is wrong with the text, and on which line', () => {
    expect(parse('name: x\nsteps: [\n  - a\n')).toMatchObject({ line: expect.any(Number) });
    expect(parse('name: x\nname: y\n')).toEqual({ error: 'Map keys must be unique', line: 2 });
    expect(parse('')).toEqual({ error: 'The definition is empty' });
    expect(parse('- a\n- b\n')).toMatchObject({ error: expect.stringContaining('must be a mapping') });
  });

  it('refuses shapes the canvas cannot draw, pointing at them', () => {
    expect(parse('name: x\nsteps:\n  - id: a\n    uses: template\n  - uses: llm\n')).toEqual({ error: 'steps[1].id is missing', line: 5 });
    expect(parse('name: x\nsteps:\n  - id: a\n    uses: template\n    needs: b\n')).toEqual({
      error: 'steps[0].needs must be a list of step ids',
      line: 5,
    });
    expect(parse('apiVersion: paddock/v2\nname: x\n')).toEqual({ error: 'apiVersion must be paddock/v1', line: 1 });
    expect(parse('name: x\ninputs:\n  subject: string\n')).toMatchObject({ error: expect.stringContaining('inputs.subject'), line: 3 });
  });

  it('keeps fields it does not know, so that nothing typed is lost', () => {
    const doc = docOf('name: x\nsteps:\n  - id: a\n    uses: template\n    note: keep me\n');
    expect(doc.steps[0]).toEqual({ id: 'a', uses: 'template', note: 'keep me' });
    expect(serialize(doc)).toContain('note: keep me');
  });
});

describe('serialize', () => {
  it('writes the fields in the order of the format', () => {
    const shuffled = {
      outputs: triageDoc.outputs,
      steps: [{ needs: ['kind'], with: { value: 1 }, uses: 'template', id: 'x' }],
      name: 'n',
      kind: 'Workflow',
      inputs: triageDoc.inputs,
      apiVersion: 'paddock/v1',
    } as unknown as WorkflowDoc;
    const text = serialize(shuffled);
    const keys = [...text.matchAll(/^(\w+):/gm)].map((match) => match[1]);
    expect(keys).toEqual(['apiVersion', 'kind', 'name', 'inputs', 'steps', 'outputs']);
    expect(text).toContain('  - id: x\n    uses: template\n    with: { value: 1 }\n    needs: [ kind ]\n');
  });

  it('writes small inputs on one line and long text as it is', () => {
    const text = serialize({ ...triageDoc, steps: [{ id: 'a', uses: 'llm', with: { model: 'builtin', prompt: 'Line one\nline two' } }] });
    expect(text).toContain('  subject: { type: string, required: true, description: "One line: what is wrong" }\n');
    expect(text).toContain('prompt: |-\n        Line one\n        line two\n');
  });

  it('round-trips: what it writes reads back the same', () => {
    for (const doc of [triageDoc, bigDoc(30), docOf(EXAMPLE_WORKFLOW)]) expect(parse(serialize(doc))).toEqual({ doc });
    const tricky: WorkflowDoc = {
      ...triageDoc,
      outputs: { yes: 'yes', number: '12', empty: '', nothing: null, colon: 'a: b', list: [1, 'two', { three: 3 }] },
    };
    expect(parse(serialize(tricky))).toEqual({ doc: tricky });
  });

  it('copies steps as a list that reads back', () => {
    const steps = triageDoc.steps.slice(1, 3);
    expect(parseSteps(serializeSteps(steps))).toEqual(steps);
    expect(parseSteps(serialize(triageDoc))).toEqual(triageDoc.steps);
    expect(parseSteps('just some text')).toBeNull();
  });
});
