import { Badge, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ActionSpec, UsableConnection } from '../../../../api/types';
import { labelText, type LabelWords } from '../../../admin/clearance';
import { useLabelWords } from '../../../admin/labelQueries';
import { fieldError } from './fieldError';
import { JsonValueField } from './JsonValueField';
import { usePanel } from './panelContext';
import { messagesAt } from './problemPaths';
import type { FieldProps } from './SchemaField';
import { SchemaForm } from './SchemaForm';
import type { JsonSchema } from './types';

const ACCESS_WORDS = { read: 'Reads', write: 'Changes data' } as const;

/** The action a connector step names, in the connection it names; undefined while either is not chosen or known. */
function useChosenAction(parent: Record<string, unknown> | undefined) {
  const { connections } = usePanel();
  const connection = connections.find((c) => c.alias === parent?.connection);
  const action = connection?.actions.find((a) => a.name === parent?.action);
  return { connection, action };
}

/** A connection in a sentence: what it is, how what it returns is labelled, and what it may be sent. */
function connectionWords(connection: UsableConnection, words: LabelWords): string {
  const what = connection.description ? `${connection.description.replace(/\.?\s*$/, '')}. ` : '';
  const returns = labelText(connection.read_label, words);
  return `${what}What it returns is ${returns}; it may be sent ${labelText(connection.write_clearance, words)} data.`;
}

/** The connection a step calls, by the alias the workspace knows it by (each environment binds it to a real system). */
export function ConnectionField({ value, label, messages, required, parent = {}, onParentChange, onChange }: FieldProps) {
  const { connections } = usePanel();
  const { words } = useLabelWords();
  const chosen = typeof value === 'string' ? value : null;
  const known = connections.find((c) => c.alias === chosen);
  if (connections.length === 0) {
    return (
      <TextInput
        label={label}
        required={required}
        description="No connection is open to this workspace yet (ask IT): write the alias you were given."
        {...fieldError(messages)}
        value={chosen ?? ''}
        onChange={(event) => onChange(event.currentTarget.value === '' ? undefined : event.currentTarget.value)}
      />
    );
  }
  const data = connections.map((c) => ({ value: c.alias, label: c.alias }));
  if (chosen !== null && known === undefined) data.push({ value: chosen, label: `${chosen} (not available here)` });
  return (
    <Select
      label={label}
      required={required}
      placeholder="Choose a connection"
      description={known !== undefined ? connectionWords(known, words) : 'The system to call, as IT set it up for this workspace.'}
      {...fieldError(messages)}
      data={data}
      value={chosen}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed">
            {connections.find((c) => c.alias === option.value)?.description}
          </Text>
        </Stack>
      )}
      onChange={(next) => {
        const connection = connections.find((c) => c.alias === next);
        const keepAction = connection?.actions.some((a) => a.name === parent.action) ?? false;
        // An action of another connection means nothing here: it and its input go.
        const { action: _action, input: _input, ...rest } = parent;
        onParentChange?.(keepAction ? { ...parent, connection: next } : { ...rest, connection: next });
      }}
    />
  );
}

function ActionOption({ action }: { action: ActionSpec }) {
  return (
    <Stack gap={0}>
      <Group gap={6}>
        <Text size="sm" fw={500}>
          {action.name}
        </Text>
        <Badge size="xs" variant="light" color={action.access === 'write' ? 'orange' : 'blue'}>
          {ACCESS_WORDS[action.access]}
        </Badge>
      </Group>
      {action.description && (
        <Text size="xs" c="dimmed">
          {action.description}
        </Text>
      )}
    </Stack>
  );
}

/** What the step asks the connection to do: one of its actions, with whether it only reads or changes data. */
export function ActionField({ value, label, messages, required, parent = {}, onParentChange, onChange }: FieldProps) {
  const { connection, action } = useChosenAction(parent);
  const chosen = typeof value === 'string' ? value : null;
  if (connection === undefined) {
    return (
      <TextInput
        label={label}
        required={required}
        description={parent.connection ? 'Write the name of one of its actions.' : 'Choose a connection first.'}
        {...fieldError(messages)}
        value={chosen ?? ''}
        onChange={(event) => onChange(event.currentTarget.value === '' ? undefined : event.currentTarget.value)}
      />
    );
  }
  const data = connection.actions.map((a) => ({ value: a.name, label: a.name }));
  if (chosen !== null && action === undefined) data.push({ value: chosen, label: `${chosen} (not offered by ${connection.alias})` });
  return (
    <Select
      label={label}
      required={required}
      placeholder={data.length === 0 ? `${connection.alias} offers no action to this workspace` : 'Choose an action'}
      description={
        action !== undefined ? `${ACCESS_WORDS[action.access]}${action.description ? ` · ${action.description}` : ''}` : undefined
      }
      {...fieldError(messages)}
      data={data}
      value={chosen}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => {
        const offered = connection.actions.find((a) => a.name === option.value);
        return offered !== undefined ? <ActionOption action={offered} /> : <Text size="sm">{option.label}</Text>;
      }}
      onChange={(next) => {
        if (next === parent.action) return;
        // The new action's inputs are other ones: keep only what it also takes.
        const schema = connection.actions.find((a) => a.name === next)?.input_schema as JsonSchema | undefined;
        const input = parent.input as Record<string, unknown> | undefined;
        const kept = Object.fromEntries(Object.entries(input ?? {}).filter(([key]) => schema?.properties?.[key] !== undefined));
        const { input: _input, ...rest } = parent;
        onParentChange?.(Object.keys(kept).length > 0 ? { ...rest, action: next, input: kept } : { ...rest, action: next });
      }}
    />
  );
}

/** The action's input, rendered from the action's own JSON Schema; JSON when no action (or no schema) is known. */
export function ActionInputField({ value, onChange, label, messages, required, schema, path, parent }: FieldProps) {
  const { action } = useChosenAction(parent);
  const { problems } = usePanel();
  const inputSchema = action?.input_schema as JsonSchema | undefined;
  if (action === undefined || inputSchema?.properties === undefined || Object.keys(inputSchema.properties).length === 0) {
    return (
      <JsonValueField
        label={label}
        description={schema.description}
        required={required}
        {...fieldError(messages)}
        value={value}
        onChange={onChange}
      />
    );
  }
  // Each input's own field shows its problems; the fieldset shows the rest.
  const own = messagesAt(
    problems,
    path,
    Object.keys(inputSchema.properties).map((key) => `${path}.${key}`),
  );
  return (
    <Fieldset
      legend={
        <Text size="sm" fw={500} component="span">
          What to send to {action.name}
        </Text>
      }
      variant="filled"
      p="sm"
    >
      <Stack gap="sm">
        <SchemaForm
          schema={inputSchema}
          value={value}
          onChange={(next) => onChange(Object.keys(next).length === 0 ? undefined : next)}
          path={path}
        />
        {own.map((message) => (
          <Text key={message} size="xs" c="red.8">
            {message}
          </Text>
        ))}
      </Stack>
    </Fieldset>
  );
}
