import { describe, expect, it } from 'vitest';
import { writtenReferences } from './expressions';
import { availableReferences, invalidReferenceMessage, invalidReferences, stepsAfter } from './references';
import { claimsDoc, KINDS } from './testFixtures';

const paths = (at: number | 'outputs') => availableReferences(claimsDoc(), at, KINDS).map((o) => o.path);

describe('written references', () => {
  it('finds inputs and steps paths inside expressions, not in quoted text or plain text', () => {
    const text = `inputs.plain {{ inputs.claim | upper }} and {{ 'steps.quoted' ~ steps.facts.output.total }} {% if steps.kind %}x{% endif %}`;
    const found = writtenReferences(text).map((r) => text.slice(r.start, r.end));
    expect(found).toEqual(['inputs.claim', 'steps.facts.output.total', 'steps.kind']);
  });

  it('leaves an expression still being typed alone', () => {
    expect(writtenReferences('{{ steps.su')).toEqual([]);
  });
});

describe('available references', () => {
  it('offers inputs with their types, then each earlier step with its fields', () => {
    const options = availableReferences(claimsDoc(), 2, KINDS);
    expect(options.slice(0, 2)).toEqual([
      { path: 'inputs.claim', detail: 'Input · text' },
      { path: 'inputs.amount', detail: 'Input · number' },
    ]);
    // An extraction's fields come from its own schema; a classification's from its kind.
    expect(options.map((o) => o.path)).toEqual([
      'inputs.claim',
      'inputs.amount',
      'steps.facts.output',
      'steps.facts.output.policy_number',
      'steps.facts.output.total',
      'steps.kind.output',
      'steps.kind.output.category',
      'steps.kind.output.confidence',
      // route reads kind, not summary: summary may read which steps it chose.
      'steps.route.output',
      'steps.route.output.chosen',
    ]);
    expect(options.find((o) => o.path === 'steps.facts.output.total')?.detail).toBe('Field of step facts · number');
  });

  it('never offers the step itself or a step that runs after it', () => {
    // summary is read by notify and file_it, which the route branch (reading kind) chooses.
    expect([...stepsAfter(claimsDoc(), 'summary')].sort()).toEqual(['file_it', 'notify', 'summary']);
    const atKind = paths(1);
    expect(atKind).toContain('steps.facts.output');
    expect(atKind).not.toContain('steps.kind.output');
    // route reads kind, notify is chosen by route: neither may be read by kind.
    expect(atKind.filter((p) => /route|notify|file_it|summary/.test(p))).toEqual([]);
    // A step listed in needs counts too.
    const doc = claimsDoc();
    doc.steps[0]!.needs = ['file_it'];
    expect(availableReferences(doc, 5, KINDS).map((o) => o.path)).not.toContain('steps.facts.output');
  });

  it('follows a change to one step while the other steps stay the very same objects', () => {
    const doc = claimsDoc();
    const atFileIt = (of: typeof doc) => availableReferences(of, 5, KINDS).map((o) => o.path);
    expect(atFileIt(doc)).toContain('steps.notify.output');
    // notify now reads file_it: file_it may no longer read notify.
    const changed = { ...doc, steps: doc.steps.map((step) => (step.id === 'notify' ? { ...step, with: { value: '{{ steps.file_it.output }}' } } : step)) };
    expect(atFileIt(changed)).not.toContain('steps.notify.output');
    expect([...stepsAfter(changed, 'file_it')].sort()).toEqual(['file_it', 'notify']);
    expect(atFileIt(doc)).toContain('steps.notify.output');
  });

  it('offers every step to the outputs', () => {
    expect(paths('outputs').filter((p) => p.endsWith('.output'))).toEqual([
      'steps.facts.output',
      'steps.kind.output',
      'steps.summary.output',
      'steps.route.output',
      'steps.notify.output',
      'steps.file_it.output',
    ]);
  });
});

describe('invalid references', () => {
  const options = availableReferences(claimsDoc(), 2, KINDS);

  it('marks misspelt and unavailable steps and inputs, with a suggestion', () => {
    const text =
      'A {{ steps.sumary.output }} {{ inputs.clam }} {{ steps.facts.result }} {{ steps.facts.output.total }} {{ steps.notify.output }}';
    const invalid = invalidReferences(text, availableReferences(claimsDoc(), 'outputs', KINDS));
    expect(invalid.map((i) => [text.slice(i.start, i.end), i.suggestion])).toEqual([
      ['steps.sumary', 'steps.summary'],
      ['inputs.clam', 'inputs.claim'],
      ['steps.facts.result', 'steps.facts.output'],
    ]);
    expect(invalid.map(invalidReferenceMessage)).toEqual([
      'steps.sumary is not a step here — did you mean steps.summary?',
      'inputs.clam is not an input of this workflow — did you mean inputs.claim?',
      "steps.facts.result does not exist: a step's result is steps.facts.output",
    ]);
  });

  it('marks a step that exists but runs after this one', () => {
    const [invalid] = invalidReferences('{{ steps.notify.output }}', options);
    expect(invalid).toMatchObject({ path: 'steps.notify' });
    expect(invalidReferenceMessage(invalid!)).toBe('steps.notify is not a step here');
  });
});
