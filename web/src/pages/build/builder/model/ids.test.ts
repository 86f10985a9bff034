import { describe, expect, it } from 'vitest';
import { triageDoc } from './fixtures';
import { baseIdOf, freshId, renameInput, renameStep, rewriteReferences } from './ids';

describe('step ids', () => {
  it('names a new step after its kind, numbering it when taken', () => {
    expect(baseIdOf('llm.extract')).toBe('extract');
    expect(baseIdOf('connector')).toBe('connector');
    expect(baseIdOf('create-ticket')).toBe('create_ticket');
    expect(baseIdOf('9lives')).toBe('step_9lives');
    expect(freshId('extract', new Set())).toBe('extract');
    expect(freshId('extract', new Set(['extract', 'extract_2']))).toBe('extract_3');
  });

  it('renames a step everywhere it is named', () => {
    const doc = renameStep(triageDoc, 'kind', 'category');
    expect(doc.steps.map((step) => step.id)).toEqual(['category', 'urgency', 'route', 'page_oncall', 'queue_ticket']);
    expect(doc.steps[3]?.with).toEqual({ value: { queue: 'on-call', category: '{{ steps.category.output.category }}' } });
    expect(doc.steps[4]?.needs).toEqual(['category']);
    // What did not name it is the very same object.
    expect(doc.steps[1]).toBe(triageDoc.steps[1]);
    expect(doc.inputs).toBe(triageDoc.inputs);

    const routed = renameStep(triageDoc, 'page_oncall', 'page');
    expect(routed.steps[2]?.with).toEqual({ cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: ['page'] }], default: ['queue_ticket'] });
    expect(routed.outputs).toEqual({ result: '{{ steps.page.output or steps.queue_ticket.output }}' });
  });

  it('rewrites whole ids only, dotted or quoted', () => {
    const renames = new Map([['a', 'b']]);
    expect(rewriteReferences(['{{ steps.a.output }}', "{{ steps['a'] }}", '{{ steps.a_2.output }}', '{{ steps.ab }}'], renames)).toEqual([
      '{{ steps.b.output }}',
      "{{ steps['b'] }}",
      '{{ steps.a_2.output }}',
      '{{ steps.ab }}',
    ]);
  });
});

describe('renaming an input', () => {
  it('keeps its place and rewrites every inputs.<name>', () => {
    const doc = renameInput(triageDoc, 'subject', 'title');
    expect(Object.keys(doc.inputs)).toEqual(['title', 'body']);
    expect(doc.steps[0]?.with?.text).toBe('{{ inputs.title }} {{ inputs.body }}');
    expect(doc.steps[1]).toBe(triageDoc.steps[1]);
    expect(renameInput(triageDoc, 'subject', 'body')).toBe(triageDoc);
  });
});
