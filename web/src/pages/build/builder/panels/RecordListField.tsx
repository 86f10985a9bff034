import { ActionIcon, Button, Group, Input, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { namedRecordVariant, singularOf, typeOf, variantFor } from './jsonSchema';
import { SchemaField, type FieldProps } from './SchemaField';
import { SchemaForm } from './SchemaForm';

/** A new item of the list's kind: an empty record, or empty text. */
function blankItem(items: FieldProps['schema']): unknown {
  const first = variantFor(items, undefined);
  if (typeOf(first) === 'object' || first.properties !== undefined) return {};
  const named = namedRecordVariant(items);
  return named !== null ? { [named.key]: '' } : '';
}

/** A list of records (a branch's cases), each a group of fields, added, moved and removed one by one. */
export function RecordListField({ name, schema, value, onChange, path, label, messages, required }: FieldProps) {
  const list = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? {};
  const named = namedRecordVariant(itemSchema);
  const singular = singularOf(name);
  const set = (next: unknown[]) => onChange(next.length === 0 ? undefined : next);
  const move = (index: number, by: number) => {
    const next = [...list];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    set(next);
  };

  return (
    <Stack gap="xs">
      <div>
        <Input.Label required={required}>{label}</Input.Label>
        {schema.description && <Input.Description>{schema.description}</Input.Description>}
      </div>
      {list.map((item, index) => {
        const itemPath = `${path}[${index}]`;
        const itemLabel = `${singular} ${index + 1}`;
        const resolved = variantFor(itemSchema, item);
        const change = (next: unknown) => set(list.map((old, i) => (i === index ? next : old)));
        return (
          <Paper
            key={index}
            withBorder
            p="sm"
            radius="sm"
            // A plain item is a field with its own test id; a record item is the group of its fields.
            data-testid={resolved.properties !== undefined ? `step-field-${itemPath}` : undefined}
            role="group"
            aria-label={itemLabel}
          >
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Text size="sm" fw={600}>
                {itemLabel}
              </Text>
              <Group gap={2} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${itemLabel} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${itemLabel} down`}
                  disabled={index === list.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${itemLabel}`}
                  onClick={() => set(list.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
            {resolved.properties !== undefined ? (
              <SchemaForm schema={resolved} value={item} onChange={change} path={itemPath} />
            ) : (
              <SchemaField name={name} schema={resolved} value={item} onChange={change} path={itemPath} label={itemLabel} />
            )}
          </Paper>
        );
      })}
      {messages.map((message) => (
        <Text key={message} size="xs" c="red.8">
          {message}
        </Text>
      ))}
      <Group justify="space-between">
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => set([...list, blankItem(itemSchema)])}>
          Add a {singular.toLowerCase()}
        </Button>
        {named !== null && (
          <Switch
            size="xs"
            label="Add a description to each"
            checked
            onChange={() =>
              set(list.map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[named.key] : item)))
            }
          />
        )}
      </Group>
    </Stack>
  );
}
