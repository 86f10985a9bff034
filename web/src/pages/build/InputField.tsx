import { JsonInput, NumberInput, Select, Switch, TextInput, Textarea } from '@mantine/core';
import type { InputSpec, InputType } from '../../api/types';
import { jsonHint, type FieldValue } from './inputValues';

interface InputFieldProps {
  name: string;
  spec: InputSpec;
  value: FieldValue;
  error?: string;
  onChange: (value: FieldValue) => void;
}

const TYPE_WORDS: Readonly<Record<InputType, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'yes or no',
  enum: 'one of the choices',
  date: 'a date',
  file: 'the id of an uploaded file',
  object: 'an object, written as JSON',
  list: 'a list, written as JSON',
};

/** "ticket_id" → "Ticket id". */
export function fieldLabel(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The hint under a field: its description, what to write for types that need it, and a sensitive classification. */
function hint(spec: InputSpec): string | undefined {
  const parts: string[] = [];
  if (spec.description) parts.push(spec.description);
  if (spec.type === 'list') parts.push(`A list${spec.items ? ` of ${TYPE_WORDS[spec.items]}` : ''}, written as JSON`);
  else if (spec.type === 'object' || spec.type === 'file') parts.push(fieldLabel(TYPE_WORDS[spec.type]));
  else if (spec.type === 'date') parts.push('A date, YYYY-MM-DD');
  if (spec.label && spec.label !== 'internal') parts.push(`Classified ${spec.label}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** One input of a workflow as a form field of its type. */
export function InputField({ name, spec, value, error, onChange }: InputFieldProps) {
  const common = { label: fieldLabel(name), description: hint(spec), required: spec.required === true, error };
  const text = typeof value === 'string' ? value : '';
  switch (spec.type) {
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          allowDecimal={spec.type === 'number'}
          onChange={(next) => onChange(next)}
          w={240}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          data={spec.values ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
          clearable={spec.required !== true}
          placeholder="Choose one"
          w={320}
        />
      );
    case 'date':
      return <TextInput {...common} type="date" placeholder="YYYY-MM-DD" value={text} onChange={(e) => onChange(e.currentTarget.value)} w={240} />;
    case 'object':
    case 'list':
      return (
        <JsonInput
          {...common}
          value={text}
          onChange={onChange}
          validationError={jsonHint(spec.type)}
          formatOnBlur
          autosize
          minRows={3}
          placeholder={spec.type === 'list' ? '["first", "second"]' : '{"name": "value"}'}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      );
    case 'string':
      return <Textarea {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={1} maxRows={8} />;
    default:
      return <TextInput {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
