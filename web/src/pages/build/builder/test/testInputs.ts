import type { InputSpec } from '../../../../api/types';
import { initialValue, type FieldValue } from '../../inputValues';

/**
 * The value a field starts with: the sample given for it (a template's sample inputs), else the input's
 * default. A sample is written the way the field shows it, exactly as a default is. A file input starts
 * empty: its value is the id of a file uploaded for it, which no sample or default can be.
 */
export function startValue(spec: InputSpec, sample: unknown): FieldValue {
  if (spec.type === 'file') return '';
  return sample === undefined ? initialValue(spec) : initialValue({ ...spec, default: sample });
}

/**
 * What each field holds now: what the person typed, else its start value. Inputs added to the workflow
 * after the panel opened get their start value too, and inputs removed drop out.
 */
export function currentValues(
  inputs: Readonly<Record<string, InputSpec>>,
  typed: Readonly<Record<string, FieldValue>>,
  samples: Readonly<Record<string, unknown>> | undefined,
): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => [name, name in typed ? typed[name]! : startValue(spec, samples?.[name])]),
  );
}
