import { describe, expect, it } from 'vitest';
import { insertReference, matchingOptions, typingAt } from './referenceEditing';

describe('typing a reference', () => {
  it('is what follows an unclosed {{ up to the caret', () => {
    expect(typingAt('Hi {{', 5)).toEqual({ from: 5, query: '' });
    expect(typingAt('Hi {{ steps.su', 14)).toEqual({ from: 6, query: 'steps.su' });
    expect(typingAt('{{ inputs.a + inp', 17)).toEqual({ from: 14, query: 'inp' });
    expect(typingAt('{{ inputs.a }} and', 18)).toBeNull();
    expect(typingAt('no braces', 3)).toBeNull();
  });

  it('matches options starting with the query first', () => {
    const options = [
      { path: 'inputs.summary_hint', detail: '' },
      { path: 'steps.summary.output', detail: '' },
      { path: 'inputs.claim', detail: '' },
    ];
    expect(matchingOptions(options, 'steps.s').map((o) => o.path)).toEqual(['steps.summary.output']);
    expect(matchingOptions(options, 'SUMMARY').map((o) => o.path)).toEqual(['inputs.summary_hint', 'steps.summary.output']);
    expect(matchingOptions(options, '')).toHaveLength(3);
  });
});

describe('choosing a reference', () => {
  it('completes what is typed and closes the braces', () => {
    expect(insertReference('Hi {{', 5, 'inputs.name')).toEqual({ text: 'Hi {{ inputs.name }}', caret: 20 });
    expect(insertReference('Hi {{ inp', 9, 'inputs.name')).toEqual({ text: 'Hi {{ inputs.name }}', caret: 20 });
  });

  it('keeps braces that are already closed and replaces the rest of the name', () => {
    expect(insertReference('{{ steps.su }} done', 11, 'steps.summary.output')).toEqual({
      text: '{{ steps.summary.output }} done',
      caret: 23,
    });
    expect(insertReference('{{ ste.xx }}', 6, 'steps.a.output')).toEqual({ text: '{{ steps.a.output }}', caret: 17 });
  });

  it('inserts a whole expression outside braces', () => {
    expect(insertReference('Dear ,', 5, 'inputs.name')).toEqual({ text: 'Dear {{ inputs.name }},', caret: 22 });
  });
});
