import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { EXTRACT_TYPES, rowsOf, schemaOf, type ExtractRow, type ExtractType } from './extractSchema';
import { isIdentifier } from './inputTypes';
import { JsonValueField } from './JsonValueField';
import type { FieldProps } from './SchemaField';

function rowProblem(row: ExtractRow, rows: readonly ExtractRow[], index: number): string | undefined {
  if (row.name === '') return 'Give the field a name';
  if (rows.findIndex((other) => other.name === row.name) !== index) return `Another field is already called ${row.name}`;
  if (!isIdentifier(row.name)) return 'Use lower-case letters, digits and _ so that later steps can use it';
  if (row.type === 'choice' && row.values.length === 0) return 'List the values it may be';
  return undefined;
}

function FieldRow({
  row,
  index,
  problem,
  onChange,
  onRemove,
}: {
  row: ExtractRow;
  index: number;
  problem?: string;
  onChange: (row: ExtractRow) => void;
  onRemove: () => void;
}) {
  const name = `Field ${index + 1}${row.name ? `: ${row.name}` : ''}`;
  return (
    <Paper withBorder p="xs" radius="sm" role="group" aria-label={name} data-testid={`extract-field-${index}`}>
      <Stack gap={6}>
        <Group gap="xs" grow align="flex-start" wrap="nowrap">
          <TextInput
            size="xs"
            label="Name"
            placeholder="policy_number"
            value={row.name}
            error={problem}
            onChange={(e) => onChange({ ...row, name: e.currentTarget.value })}
          />
          <Select
            size="xs"
            label="Type"
            data={EXTRACT_TYPES as { value: string; label: string }[]}
            value={row.type}
            allowDeselect={false}
            onChange={(type) => type !== null && onChange({ ...row, type: type as ExtractType })}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {row.type === 'choice' && (
          <TagsInput
            size="xs"
            label="Values"
            description="Type one, then press Enter"
            value={row.values}
            onChange={(values) => onChange({ ...row, values })}
            acceptValueOnBlur
          />
        )}
        <TextInput
          size="xs"
          label="Description"
          placeholder="What the model should look for"
          value={row.description}
          onChange={(e) => onChange({ ...row, description: e.currentTarget.value })}
        />
        <Group justify="space-between">
          <Checkbox
            size="xs"
            label="Required"
            checked={row.required}
            onChange={(e) => onChange({ ...row, required: e.currentTarget.checked })}
          />
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * The fields an extraction returns, as a list of rows (name, type, description, required) that writes the step's JSON
 * Schema; "JSON" shows the schema itself, for what rows cannot say (nested records, patterns).
 */
export function ExtractFieldsEditor({ value, onChange, messages, required }: FieldProps) {
  const fromValue = rowsOf(value);
  const [mode, setMode] = useState<'fields' | 'json'>(fromValue === null ? 'json' : 'fields');
  const [rows, setRows] = useState<ExtractRow[]>(fromValue ?? []);
  // The schema the rows last wrote: another value (undo, the JSON view) resets the rows.
  const written = useRef<unknown>(value);
  useEffect(() => {
    if (JSON.stringify(value) === JSON.stringify(written.current)) return;
    written.current = value;
    const next = rowsOf(value);
    if (next !== null) setRows(next);
    else setMode('json');
  }, [value]);

  const update = (next: ExtractRow[]) => {
    setRows(next);
    const schemaValue = schemaOf(next, value);
    written.current = schemaValue;
    onChange(schemaValue);
  };
  const representable = rowsOf(value) !== null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" gap="xs">
        <div style={{ flex: '1 1 200px' }}>
          {/* "Schema" means nothing to most people: say what it is for. */}
          <Input.Label required={required}>Fields to extract</Input.Label>
          <Input.Description>
            What the model finds in the text; later steps use each one as a field of this step's output.
          </Input.Description>
        </div>
        <SegmentedControl
          size="xs"
          aria-label="Edit the fields as"
          value={mode}
          onChange={(next) => setMode(next as 'fields' | 'json')}
          data={[
            { value: 'fields', label: 'Fields', disabled: !representable },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </Group>
      {mode === 'json' ? (
        <>
          {!representable && (
            <Text size="xs" c="dimmed">
              This schema says more than the fields table can show, so it is edited as JSON.
            </Text>
          )}
          <JsonValueField
            label="JSON Schema of the fields"
            value={value}
            onChange={onChange}
            minRows={6}
            placeholder='{ "type": "object", "properties": { "total": { "type": "number" } } }'
          />
        </>
      ) : (
        <>
          {rows.length === 0 && (
            <Text size="sm" c="dimmed">
              No fields yet: add the first thing to find in the text.
            </Text>
          )}
          {rows.map((row, index) => (
            <FieldRow
              key={index}
              row={row}
              index={index}
              problem={rowProblem(row, rows, index)}
              onChange={(changed) => update(rows.map((old, i) => (i === index ? changed : old)))}
              onRemove={() => update(rows.filter((_, i) => i !== index))}
            />
          ))}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => update([...rows, { name: '', type: 'text', description: '', required: false, values: [] }])}
            style={{ alignSelf: 'flex-start' }}
          >
            Add a field
          </Button>
        </>
      )}
      {messages.map((message) => (
        <Text key={message} size="xs" c="red.8">
          {message}
        </Text>
      ))}
    </Stack>
  );
}
