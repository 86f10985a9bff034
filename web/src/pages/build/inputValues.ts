import type { InputSpec } from '../../api/types';

/** What a form field holds: text, a number, a switch, or nothing chosen. */
export type FieldValue = string | number | boolean | null;

const JSON_TYPES = new Set(['object', 'list']);

/** The field's starting value: the input's default, written the way the field shows it. */
export function initialValue(spec: InputSpec): FieldValue {
  const given = spec.default;
  if (spec.type === 'boolean') return given === true;
  if (given === undefined || given === null) return spec.type === 'enum' ? null : '';
  if (JSON_TYPES.has(spec.type)) return JSON.stringify(given, null, 2);
  if (typeof given === 'number' && (spec.type === 'number' || spec.type === 'integer')) return given;
  return String(given);
}

export function initialValues(inputs: Record<string, InputSpec>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, initialValue(spec)]));
}

/** What to write in an object or list field whose text is not JSON. */
export function jsonHint(type: 'object' | 'list'): string {
  return type === 'list' ? 'Write the list as JSON, e.g. ["first", "second"]' : 'Write the object as JSON, e.g. {"name": "value"}';
}

type Converted = { value: unknown } | { omit: true } | { error: string };

/** The value to send for a field; empty fields are left out, so that defaults apply and the server says what is required. */
export function toInputValue(spec: InputSpec, field: FieldValue): Converted {
  if (spec.type === 'boolean') return { value: field === true };
  if (field === null || field === '') return { omit: true };
  if (typeof field === 'number') return { value: field };
  if (typeof field === 'string' && JSON_TYPES.has(spec.type)) {
    try {
      return { value: JSON.parse(field) as unknown };
    } catch {
      return { error: jsonHint(spec.type === 'list' ? 'list' : 'object') };
    }
  }
  return { value: field };
}

/** The `inputs` of a test run from the form, or the fields whose text cannot be read. */
export function toInputs(
  inputs: Record<string, InputSpec>,
  values: Record<string, FieldValue>,
): { inputs: Record<string, unknown>; errors: Record<string, string> } {
  const result: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    const converted = toInputValue(spec, values[name] ?? initialValue(spec));
    if ('error' in converted) errors[name] = converted.error;
    else if ('value' in converted) result[name] = converted.value;
  }
  return { inputs: result, errors };
}
