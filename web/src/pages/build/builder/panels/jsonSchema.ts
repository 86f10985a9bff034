// Reading the JSON Schemas of step kinds and connection actions: which control each property gets, and words for
// what a schema describes. Everything here is pure so that the form renderer stays a thin switch over it.
import type { JsonSchema } from './types';

/** The control a property is edited with. */
export type FieldShape =
  /** Text that may hold `{{ expressions }}`. */
  | 'template'
  /** One of the schema's `enum` values. */
  | 'choice'
  | 'number'
  | 'boolean'
  /** A list of free text (tags). */
  | 'text-list'
  /** Several of the items' `enum` values. */
  | 'choice-list'
  /** A list of records, each edited as a group of fields. */
  | 'record-list'
  /** An object with known properties: a fieldset. */
  | 'fieldset'
  /** Structured data without a known shape: edited as JSON. */
  | 'json'
  /** Anything at all (`{}`): text with expressions, or JSON. */
  | 'any';

/** The JSON type of a value as written, `integer` apart from other numbers. */
export function jsonTypeOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The schema's type: the first one it lists, or the one its keywords imply. */
export function typeOf(schema: JsonSchema): string | undefined {
  const declared = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (declared !== undefined) return declared;
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function accepts(schema: JsonSchema, value: unknown): boolean {
  const type = typeOf(schema);
  const actual = jsonTypeOf(value);
  if (schema.enum !== undefined) return schema.enum.includes(value);
  if (type === undefined) return true;
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return type === actual;
}

/**
 * The schema that applies to `value`: for `anyOf`/`oneOf`, the first variant that accepts it (the first variant when
 * nothing is written yet), keeping the outer schema's words and default.
 */
export function variantFor(schema: JsonSchema, value: unknown): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants === undefined || variants.length === 0) return schema;
  const chosen = (value === undefined ? undefined : variants.find((v) => accepts(v, value))) ?? variants[0]!;
  const { anyOf: _anyOf, oneOf: _oneOf, ...outer } = schema;
  return { ...variantFor(chosen, value), ...outer };
}

/** The control for a property with this schema and value. */
export function shapeOf(schema: JsonSchema, value: unknown): FieldShape {
  const resolved = variantFor(schema, value);
  if (resolved.enum !== undefined) return 'choice';
  switch (typeOf(resolved)) {
    case 'string':
      return 'template';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const first = Array.isArray(value) ? value[0] : undefined;
      const items = variantFor(resolved.items ?? {}, first);
      if (items.enum !== undefined) return 'choice-list';
      if (Array.isArray(value) && value.some((item) => jsonTypeOf(item) === 'object')) return 'record-list';
      const itemType = typeOf(items);
      if (itemType === 'string') return 'text-list';
      if (itemType === 'object') return 'record-list';
      return 'json';
    }
    case 'object':
      return resolved.properties !== undefined && Object.keys(resolved.properties).length > 0 ? 'fieldset' : 'json';
    default:
      return 'any';
  }
}

/**
 * For lists whose items are either text or a record with a required name (`categories`: `"refund"` or
 * `{ name: refund, description: … }`): the record's name property, so a person can switch between plain tags and
 * described records. Null for any other list.
 */
export function namedRecordVariant(items: JsonSchema | undefined): { key: string; record: JsonSchema } | null {
  const variants = items?.anyOf ?? items?.oneOf;
  if (variants === undefined) return null;
  const hasText = variants.some((v) => typeOf(v) === 'string');
  const record = variants.find((v) => typeOf(v) === 'object' && v.properties !== undefined);
  const key = record?.required?.find((name) => typeOf(record.properties?.[name] ?? {}) === 'string');
  return hasText && record !== undefined && key !== undefined ? { key, record } : null;
}

/** "max_tokens" → "Max tokens"; a schema's own title first. */
export function titleOf(name: string, schema?: JsonSchema): string {
  if (schema?.title) return schema.title;
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "cases" → "Case", "categories" → "Category": what one item of a list is called. */
export function singularOf(name: string): string {
  const title = titleOf(name);
  if (title.endsWith('ies')) return `${title.slice(0, -3)}y`;
  if (title.endsWith('s') && !title.endsWith('ss')) return title.slice(0, -1);
  return title;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'number',
  integer: 'whole number',
  boolean: 'yes/no',
  array: 'list',
  object: 'record',
};

/** What a schema describes, in a word or two: "text", "whole number", "one of high, low". */
export function schemaWords(schema: JsonSchema | undefined): string {
  if (schema === undefined) return 'any value';
  const resolved = variantFor(schema, undefined);
  if (resolved.enum !== undefined) return `one of ${resolved.enum.map(String).join(', ')}`;
  if (typeOf(resolved) === 'string' && resolved.format === 'date') return 'date';
  if (typeOf(resolved) === 'array' && resolved.items !== undefined) {
    const items = typeOf(resolved.items);
    return items === undefined ? 'list' : `list of ${TYPE_WORDS[items] ?? items}`;
  }
  const type = typeOf(resolved);
  return type === undefined ? 'any value' : (TYPE_WORDS[type] ?? type);
}

/** A property's default as placeholder text. */
export function placeholderOf(schema: JsonSchema): string | undefined {
  if (schema.default === undefined) return undefined;
  return typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
}

/** A copy of `record` with `key` set, or removed when `value` is undefined (so that empty fields leave no trace). */
export function withProperty(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...record };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
