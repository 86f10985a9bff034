import { describe, expect, it } from 'vitest';
import { rowsOf, schemaOf } from './extractSchema';
import { schemaWords, shapeOf, singularOf, titleOf } from './jsonSchema';
import { KINDS } from './testFixtures';

const property = (kind: string, name: string) => KINDS.find((k) => k.name === kind)!.with_schema.properties![name]!;

describe('the control for a schema', () => {
  it('follows the schema of each built-in property', () => {
    expect(shapeOf(property('llm', 'prompt'), undefined)).toBe('template');
    expect(shapeOf(property('llm', 'max_tokens'), undefined)).toBe('number');
    expect(shapeOf(property('approval', 'on_timeout'), undefined)).toBe('choice');
    expect(shapeOf(property('approval', 'approvers'), undefined)).toBe('fieldset');
    expect(shapeOf(property('redact', 'kinds'), undefined)).toBe('choice-list');
    expect(shapeOf(property('branch', 'cases'), undefined)).toBe('record-list');
    expect(shapeOf(property('branch', 'default'), undefined)).toBe('text-list');
    expect(shapeOf(property('output', 'values'), undefined)).toBe('json');
    expect(shapeOf(property('template', 'value'), undefined)).toBe('any');
    expect(shapeOf({ type: 'boolean' }, undefined)).toBe('boolean');
  });

  it('picks the variant of anyOf that fits the value', () => {
    expect(shapeOf(property('map', 'items'), '{{ inputs.list }}')).toBe('template');
    expect(shapeOf(property('map', 'items'), [1, 2])).toBe('json');
    expect(shapeOf(property('llm.classify', 'categories'), ['a', 'b'])).toBe('text-list');
    expect(shapeOf(property('llm.classify', 'categories'), [{ name: 'a' }, 'b'])).toBe('record-list');
  });

  it('says what a schema holds in words', () => {
    expect(titleOf('max_tokens')).toBe('Max tokens');
    expect(singularOf('categories')).toBe('Category');
    expect(singularOf('cases')).toBe('Case');
    expect(schemaWords({ type: 'array', items: { type: 'string' } })).toBe('list of text');
    expect(schemaWords({ enum: ['approved', 'rejected'] })).toBe('one of approved, rejected');
    expect(schemaWords({ description: 'anything' })).toBe('any value');
  });
});

describe('fields to extract', () => {
  it('turns a simple schema into rows and back, keeping what rows do not say', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        total: { type: 'number', description: 'The amount claimed' },
        on: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { type: 'string' } },
        cause: { enum: ['fire', 'flood'] },
      },
      required: ['total'],
    };
    const rows = rowsOf(schema)!;
    expect(rows.map((r) => [r.name, r.type, r.required])).toEqual([
      ['total', 'number', true],
      ['on', 'date', false],
      ['tags', 'text-list', false],
      ['cause', 'choice', false],
    ]);
    expect(schemaOf(rows, schema)).toEqual({
      ...schema,
      properties: { ...schema.properties, cause: { type: 'string', enum: ['fire', 'flood'] } },
    });
  });

  it('leaves what rows cannot show to JSON', () => {
    expect(rowsOf({ type: 'object', properties: { address: { type: 'object' } } })).toBeNull();
    expect(rowsOf({ type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]+$' } } })).toBeNull();
    expect(rowsOf(undefined)).toEqual([]);
  });
});
