import { Select, TextInput } from '@mantine/core';
import type { InputDoc } from '../model/types';
import { JsonValueField } from './JsonValueField';
import { NumberField } from './NumberField';

interface InputDefaultFieldProps {
  input: InputDoc;
  onChange: (value: unknown) => void;
  error?: string;
}

const LABEL = 'Default value';
const DESCRIPTION = 'Filled in on the form until someone changes it';

/** An input's default, with the control of the input's own type. */
export function InputDefaultField({ input, onChange, error }: InputDefaultFieldProps) {
  const common = { label: LABEL, description: DESCRIPTION, error };
  const value = input.default;
  switch (input.type) {
    case 'number':
    case 'integer':
      return (
        <NumberField
          {...common}
          placeholder="None"
          allowDecimal={input.type === 'number'}
          value={typeof value === 'number' ? value : undefined}
          onChange={onChange}
          w={200}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          placeholder="None"
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(next) => onChange(next === null ? undefined : next === 'true')}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          data={input.values ?? []}
          placeholder={input.values?.length ? 'None' : 'List the choices first'}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next ?? undefined)}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
          w={200}
        />
      );
    case 'list':
    case 'object':
      return (
        <JsonValueField
          {...common}
          value={value}
          onChange={onChange}
          minRows={2}
          placeholder={input.type === 'list' ? '["first", "second"]' : '{ "name": "value" }'}
        />
      );
    case 'file':
      return null; // A file is uploaded when the form is filled in; there is nothing to default to.
    default:
      return (
        <TextInput
          {...common}
          placeholder="None"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
        />
      );
  }
}
