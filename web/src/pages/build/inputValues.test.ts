import { describe, expect, it } from 'vitest';
import { initialValues, toInputs } from './inputValues';

describe('input values', () => {
  const specs = {
    subject: { type: 'string' as const, default: 'Hello' },
    count: { type: 'integer' as const, default: 3 },
    urgent: { type: 'boolean' as const },
    team: { type: 'enum' as const, values: ['a', 'b'] },
    tags: { type: 'list' as const, default: ['x'] },
  };

  it('starts from the defaults, written as each field shows them', () => {
    expect(initialValues(specs)).toEqual({ subject: 'Hello', count: 3, urgent: false, team: null, tags: '[\n  "x"\n]' });
  });

  it('sends typed values, leaves empty fields out and refuses text that is not JSON', () => {
    expect(toInputs(specs, { subject: '', count: '', urgent: true, team: 'b', tags: '["y"]' })).toEqual({
      inputs: { urgent: true, team: 'b', tags: ['y'] },
      errors: {},
    });
    expect(toInputs(specs, { ...initialValues(specs), tags: 'y, z' }).errors).toEqual({ tags: expect.stringMatching(/as JSON/) });
  });
});
