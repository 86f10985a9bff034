import { Stack, Switch, TagsInput } from '@mantine/core';
import { fieldError } from './fieldError';
import { namedRecordVariant, placeholderOf } from './jsonSchema';
import type { FieldProps } from './SchemaField';

/**
 * A list of text as tags: type one and press Enter (or a comma). When the list may also hold described records
 * (`categories`: a name, or a name with a description), a switch turns the tags into records to describe.
 */
export function TextListField({ schema, value, onChange, label, messages, required }: FieldProps) {
  const items = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const named = namedRecordVariant(schema.items);
  return (
    <Stack gap={6}>
      <TagsInput
        label={label}
        description={schema.description ?? 'Type one, then press Enter'}
        placeholder={items.length === 0 ? (placeholderOf(schema) ?? 'Type and press Enter') : undefined}
        required={required}
        {...fieldError(messages)}
        value={items}
        onChange={(next) => onChange(next.length === 0 ? undefined : next)}
        acceptValueOnBlur
        clearable
      />
      {named !== null && (
        <Switch
          size="xs"
          label="Add a description to each"
          checked={false}
          onChange={() => onChange(items.map((item) => ({ [named.key]: item })))}
        />
      )}
    </Stack>
  );
}
