import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { shapeOf, withProperty } from './jsonSchema';
import { usePanel } from './panelContext';
import { isWithin } from './problemPaths';
import { SchemaField } from './SchemaField';
import { readsSiblings, specialFieldFor } from './specialFields';
import type { JsonSchema } from './types';

interface SchemaFormProps {
  /** An object schema: one field per property, in the schema's order. */
  schema: JsonSchema;
  value: unknown;
  onChange: (value: Record<string, unknown>) => void;
  /** Where the object is inside the step (`with`, `with.approvers`). */
  path: string;
  /**
   * Tuck optional settings that need no writing (numbers, switches, choices) and are not set yet under "More options",
   * so that a step first shows what it needs.
   */
  tuckOptional?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A form for an object, rendered from its JSON Schema: no form is written by hand for any step kind. */
export function SchemaForm({ schema, value, onChange, path, tuckOptional = false }: SchemaFormProps) {
  const { kind, problems } = usePanel();
  const [showMore, setShowMore] = useState(false);
  const record = isRecord(value) ? value : {};
  const required = new Set(schema.required ?? []);
  const properties = Object.entries(schema.properties ?? {});
  const inUse = (name: string) => record[name] !== undefined || problems.some((problem) => isWithin(problem.path, `${path}.${name}`));
  // Decided once, so that a field does not move (and lose focus) when a first value is typed into it.
  const [tucked] = useState(
    () =>
      new Set(
        tuckOptional
          ? properties
              .filter(([name]) => !required.has(name) && !inUse(name) && specialFieldFor(kind, `${path}.${name}`) === undefined)
              .filter(([, property]) => ['number', 'boolean', 'choice', 'choice-list'].includes(shapeOf(property, undefined)))
              .map(([name]) => name)
          : [],
      ),
  );
  // While "More options" is closed, a tucked field that gets a value elsewhere (the YAML, undo) shows anyway.
  const inMain = (name: string) => !tucked.has(name) || (!showMore && inUse(name));

  // The fields change the object as it is when they call, not as it was when they were drawn: a field whose own value
  // stayed the same is not drawn again while another one is typed in.
  const latest = useRef({ record, onChange });
  latest.current = { record, onChange };
  const changes = useRef(new Map<string, (next: unknown) => void>());
  const changeOf = (name: string) => {
    let change = changes.current.get(name);
    if (change === undefined) {
      change = (next: unknown) => latest.current.onChange(withProperty(latest.current.record, name, next));
      changes.current.set(name, change);
    }
    return change;
  };
  const changeAll = useCallback((next: Record<string, unknown>) => latest.current.onChange(next), []);

  const field = ([name, property]: [string, JsonSchema]) => (
    <SchemaField
      key={name}
      name={name}
      schema={property}
      value={record[name]}
      path={`${path}.${name}`}
      required={required.has(name)}
      parent={readsSiblings(kind, `${path}.${name}`) ? record : undefined}
      onParentChange={changeAll}
      onChange={changeOf(name)}
    />
  );
  // Settings the kind does not have (a typo in the YAML, a kind changed) would be refused: shown, to be taken out.
  const unknown = schema.additionalProperties === false ? Object.keys(record).filter((key) => schema.properties?.[key] === undefined) : [];
  const shown = properties.filter(([name]) => inMain(name));
  const more = properties.filter(([name]) => tucked.has(name));

  return (
    <Stack gap="md">
      {unknown.map((key) => (
        <Alert key={key} color="yellow" p="xs" data-testid={`unknown-setting-${key}`}>
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              <Code>{key}</Code> is not a setting of this step.
            </Text>
            <Button size="compact-xs" variant="light" color="yellow" onClick={() => onChange(withProperty(record, key, undefined))}>
              Remove {key}
            </Button>
          </Group>
        </Alert>
      ))}
      {shown.map(field)}
      {more.length > 0 && (
        <Stack gap="md">
          <Button
            variant="subtle"
            size="compact-sm"
            justify="flex-start"
            leftSection={showMore ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            aria-expanded={showMore}
            onClick={() => setShowMore((open) => !open)}
            style={{ alignSelf: 'flex-start' }}
          >
            {showMore ? 'Fewer options' : `More options (${more.length})`}
          </Button>
          {showMore && more.map(field)}
        </Stack>
      )}
    </Stack>
  );
}
