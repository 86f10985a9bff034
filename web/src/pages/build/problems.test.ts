import { describe, expect, it } from 'vitest';
import { placeOf, splitInputProblems } from './problems';

describe('placeOf', () => {
  it('says where a problem is in words', () => {
    expect(placeOf('steps[1].uses')).toBe('Step 2 › kind of step');
    expect(placeOf('steps[3].with.prompt')).toBe('Step 4 › setting “prompt”');
    expect(placeOf('steps[0].with.steps[2].with.text')).toBe('Step 1 › inner step 3 › setting “text”');
    expect(placeOf('inputs.subject')).toBe('Input “subject”');
    expect(placeOf('outputs.result')).toBe('Output “result”');
    expect(placeOf('steps[0].with.categories[1]')).toBe('Step 1 › setting “categories” › item 2');
    expect(placeOf('')).toBe('The workflow as a whole');
  });
});

describe('splitInputProblems', () => {
  it('puts problems with known inputs by name, as sentences, and keeps the others apart', () => {
    const { byInput, others } = splitInputProblems(
      [
        { path: 'inputs.subject', message: 'required, but not given' },
        { path: 'inputs.colour', message: 'unknown input' },
        { path: 'steps[0].uses', message: 'unknown step kind' },
      ],
      ['subject', 'body'],
    );
    expect(byInput).toEqual({ subject: 'Required, but not given' });
    expect(others.map((p) => p.path)).toEqual(['inputs.colour', 'steps[0].uses']);
  });
});
