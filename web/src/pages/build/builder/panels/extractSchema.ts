// The fields an extraction asks for, as rows a person fills in, and the JSON Schema the step is given: both ways, so
// that a schema written by hand can be edited as rows when it is simple enough.
import type { JsonSchema } from './types';

export type ExtractType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'text-list' | 'choice';

export const EXTRACT_TYPES: readonly { value: ExtractType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Whole number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'date', label: 'Date' },
  { value: 'text-list', label: 'List of text' },
  { value: 'choice', label: 'One of…' },
];

export interface ExtractRow {
  name: string;
  type: ExtractType;
  description: string;
  required: boolean;
  /** The values of a `choice`. */
  values: string[];
}

const SCHEMAS: Readonly<Record<Exclude<ExtractType, 'choice'>, JsonSchema>> = {
  text: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  'text-list': { type: 'array', items: { type: 'string' } },
};

/** The row type of a property's schema; null when a row cannot say it (nested records, other keywords). */
function typeOfProperty(schema: JsonSchema): { type: ExtractType; values: string[] } | null {
  const { description: _description, ...rest } = schema;
  if (Array.isArray(rest.enum) && rest.enum.every((v) => typeof v === 'string') && (rest.type === undefined || rest.type === 'string')) {
    if (Object.keys(rest).every((key) => key === 'enum' || key === 'type')) return { type: 'choice', values: rest.enum as string[] };
    return null;
  }
  const found = (Object.entries(SCHEMAS) as [ExtractType, JsonSchema][]).find(
    ([, known]) => JSON.stringify(known) === JSON.stringify(rest),
  );
  return found === undefined ? null : { type: found[0], values: [] };
}

/** The rows of a schema; null when it holds more than rows can show (then it is edited as JSON). */
export function rowsOf(schema: unknown): ExtractRow[] | null {
  if (schema === undefined) return [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return null;
  const s = schema as JsonSchema;
  if (s.type !== undefined && s.type !== 'object') return null;
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const rows: ExtractRow[] = [];
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const typed = typeof property === 'object' && property !== null ? typeOfProperty(property) : null;
    if (typed === null) return null;
    rows.push({
      name,
      ...typed,
      description: typeof property.description === 'string' ? property.description : '',
      required: required.has(name),
    });
  }
  return rows;
}

/** The JSON Schema the rows describe, keeping whatever else `base` said at its top (such as additionalProperties). */
export function schemaOf(rows: readonly ExtractRow[], base: unknown = undefined): JsonSchema {
  const kept = typeof base === 'object' && base !== null && !Array.isArray(base) ? (base as JsonSchema) : {};
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const row of rows) {
    if (row.name === '' || properties[row.name] !== undefined) continue;
    const type: JsonSchema = row.type === 'choice' ? { type: 'string', enum: [...row.values] } : { ...SCHEMAS[row.type] };
    properties[row.name] = row.description.trim() === '' ? type : { ...type, description: row.description };
    if (row.required) required.push(row.name);
  }
  const { required: _required, properties: _properties, type: _type, ...rest } = kept;
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), ...rest };
}
