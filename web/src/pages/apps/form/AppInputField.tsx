import { JsonInput, NumberInput, Select, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { AppInput } from '../types';
import { fieldLabel, isLongText, jsonExample, jsonHint, sensitivityWords, type FieldValue } from './fields';
import { FileDrop } from './FileDrop';

interface AppInputFieldProps {
  input: AppInput;
  value: FieldValue;
  error?: string | undefined;
  disabled?: boolean;
  onChange: (value: FieldValue) => void;
  /** A file the input does not take was chosen: why. */
  onReject: (message: string) => void;
}

/** The words under a field: its description, what to write where the type needs it, and its classification, subtly. */
function Description({ input }: { input: AppInput }): ReactNode {
  const parts: string[] = [];
  if (input.description) parts.push(input.description);
  if (input.type === 'object' || input.type === 'list') parts.push(jsonHint(input));
  const sensitivity = sensitivityWords(input.label);
  if (parts.length === 0 && sensitivity === null) return null;
  return (
    <>
      {parts.join(' · ')}
      {sensitivity !== null && (
        <Text
          span
          inherit
          c="dimmed"
          ml={parts.length > 0 ? 6 : 0}
          style={{ whiteSpace: 'nowrap', opacity: 0.85 }}
          title={`Classified ${input.label}: Paddock handles this value by that classification.`}
          data-testid={`sensitivity-${input.name}`}
        >
          <IconShieldLock size={12} stroke={1.6} style={{ verticalAlign: '-2px', marginRight: 2 }} aria-hidden />
          {sensitivity}
        </Text>
      )}
    </>
  );
}

/** One input of an app as a form field of its type. */
export function AppInputField({ input, value, error, disabled = false, onChange, onReject }: AppInputFieldProps) {
  const common = {
    label: fieldLabel(input.name),
    description: <Description input={input} />,
    required: input.required,
    error,
    disabled,
    name: input.name,
    'data-testid': `field-${input.name}`,
  };
  const text = typeof value === 'string' ? value : '';
  switch (input.type) {
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          allowDecimal={input.type === 'number'}
          onChange={(next) => onChange(next)}
          maw={280}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          data={input.values ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next)}
          clearable={!input.required}
          placeholder="Choose one"
          allowDeselect={!input.required}
          maw={360}
        />
      );
    case 'date':
      return <TextInput {...common} type="date" value={text} onChange={(event) => onChange(event.currentTarget.value)} maw={220} />;
    case 'file':
      return (
        <FileDrop
          input={input}
          label={common.label}
          description={common.description}
          file={value instanceof File ? value : null}
          error={error}
          disabled={disabled}
          onChange={onChange}
          onReject={onReject}
        />
      );
    case 'object':
    case 'list':
      return (
        <JsonInput
          {...common}
          value={text}
          onChange={onChange}
          validationError={`This is not valid JSON. ${jsonHint(input)}.`}
          formatOnBlur
          autosize
          minRows={3}
          maxRows={12}
          placeholder={jsonExample(input.type)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      );
    default:
      return isLongText(input) ? (
        <Textarea {...common} value={text} onChange={(event) => onChange(event.currentTarget.value)} autosize minRows={4} maxRows={14} />
      ) : (
        <TextInput {...common} value={text} onChange={(event) => onChange(event.currentTarget.value)} />
      );
  }
}
