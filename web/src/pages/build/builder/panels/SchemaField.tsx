import { Fieldset, MultiSelect, Select, Stack, Switch, Text } from '@mantine/core';
import { memo, type ReactNode } from 'react';
import { AnyValueField } from './AnyValueField';
import { fieldError } from './fieldError';
import { JsonValueField } from './JsonValueField';
import { NumberField } from './NumberField';
import { placeholderOf, shapeOf, titleOf, typeOf, variantFor } from './jsonSchema';
import { usePanel } from './panelContext';
import { messagesAt } from './problemPaths';
import { RecordListField } from './RecordListField';
import { SchemaForm } from './SchemaForm';
import { specialFieldFor } from './specialFields';
import { TemplateField } from './TemplateField';
import { TextListField } from './TextListField';
import type { JsonSchema } from './types';

export interface SchemaFieldProps {
  /** The property's name in its object. */
  name: string;
  schema: JsonSchema;
  value: unknown;
  /** `undefined` removes the property. */
  onChange: (value: unknown) => void;
  /** Where it is inside the step: `with.prompt`, `with.cases[0].when`. */
  path: string;
  required?: boolean;
  /** The object it is a property of, for fields that depend on their siblings (an action on its connection). */
  parent?: Record<string, unknown>;
  onParentChange?: (parent: Record<string, unknown>) => void;
  /** Instead of the name in words (a list's items are "Case 1", "Case 2"). */
  label?: ReactNode;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const asStrings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
/** Empty text and empty lists are left out of the step rather than written. */
const orNothing = <T,>(value: T): T | undefined => (value === '' || (Array.isArray(value) && value.length === 0) ? undefined : value);

/**
 * One property of a step's configuration, edited with the control its JSON Schema calls for. Drawn again only when
 * what it is given changes (see SchemaForm): a step's form holds many fields, and one is typed in at a time.
 */
export const SchemaField = memo(function SchemaField(props: SchemaFieldProps) {
  const { name, schema, value, onChange, path, required = false } = props;
  const panel = usePanel();
  const resolved = variantFor(schema, value);
  const special = specialFieldFor(panel.kind, path);
  const shape = shapeOf(schema, value);
  const label = props.label ?? titleOf(name, resolved);
  const description = resolved.description;
  const placeholder = placeholderOf(resolved);
  // A group shows what is about the group itself; its fields and items show their own.
  const children =
    shape === 'fieldset'
      ? Object.keys(resolved.properties ?? {}).map((key) => `${path}.${key}`)
      : shape === 'record-list' && Array.isArray(value)
        ? value.map((_, index) => `${path}[${index}]`)
        : [];
  const messages = messagesAt(panel.problems, path, children);
  const error = fieldError(messages);
  const common = { label, description, required, ...error };

  let control: ReactNode;
  if (special !== undefined) {
    const Special = special;
    control = <Special {...props} schema={resolved} label={label} messages={messages} />;
  } else {
    switch (shape) {
      case 'template':
        control = (
          <TemplateField
            {...common}
            error={error.error}
            placeholder={placeholder}
            value={asText(value)}
            references={panel.references}
            onChange={(text) => onChange(orNothing(text))}
          />
        );
        break;
      case 'choice':
        control = (
          <Select
            {...common}
            placeholder={placeholder ?? 'Choose one'}
            data={(resolved.enum ?? []).map((option) => ({ value: String(option), label: titleOf(String(option)) }))}
            value={value === undefined ? null : String(value)}
            onChange={(next) => onChange(next ?? undefined)}
            clearable={!required}
            comboboxProps={{ withinPortal: true }}
          />
        );
        break;
      case 'number':
        control = (
          <NumberField
            {...common}
            placeholder={placeholder}
            min={resolved.minimum}
            max={resolved.maximum}
            allowDecimal={typeOf(resolved) !== 'integer'}
            value={typeof value === 'number' ? value : undefined}
            onChange={onChange}
            w={200}
          />
        );
        break;
      case 'boolean':
        control = <Switch {...common} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
        break;
      case 'text-list':
        control = <TextListField {...props} schema={resolved} label={label} messages={messages} />;
        break;
      case 'choice-list': {
        const items = variantFor(resolved.items ?? {}, undefined);
        control = (
          <MultiSelect
            {...common}
            placeholder={asStrings(value).length === 0 ? 'Choose any' : undefined}
            data={(items.enum ?? []).map((option) => ({ value: String(option), label: titleOf(String(option)) }))}
            value={asStrings(value)}
            onChange={(next) => onChange(orNothing(next))}
            comboboxProps={{ withinPortal: true }}
          />
        );
        break;
      }
      case 'record-list':
        control = <RecordListField {...props} schema={resolved} label={label} messages={messages} />;
        break;
      case 'fieldset':
        control = (
          <Fieldset
            legend={
              <Text size="sm" fw={500} component="span">
                {label}
                {required && (
                  <Text component="span" c="red" aria-hidden>
                    {' '}
                    *
                  </Text>
                )}
              </Text>
            }
            variant="filled"
            p="sm"
          >
            <Stack gap="sm">
              {description && (
                <Text size="xs" c="dimmed">
                  {description}
                </Text>
              )}
              <SchemaForm schema={resolved} value={value} onChange={onChange} path={path} />
              {messages.length > 0 && (
                <Text size="xs" c="red.8">
                  {messages.join(' ')}
                </Text>
              )}
            </Stack>
          </Fieldset>
        );
        break;
      case 'json':
        control = <JsonValueField {...common} placeholder={placeholder} value={value} onChange={onChange} />;
        break;
      default:
        control = <AnyValueField {...common} value={value} onChange={onChange} />;
    }
  }
  return <div data-testid={`step-field-${path}`}>{control}</div>;
});

/** What a field chosen by its shape or its name gets: its label and messages already worked out. */
export type FieldProps = SchemaFieldProps & { label: ReactNode; messages: string[] };
