import { Badge, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { clearanceLabel } from '../../../admin/clearance';
import { useLabelWords } from '../../../admin/labelQueries';
import { fieldError } from './fieldError';
import { usePanel } from './panelContext';
import type { FieldProps } from './SchemaField';
import type { UsableModel } from './types';

function ModelSummary({ model, clearance }: { model: UsableModel; clearance: string }) {
  return (
    <Stack gap={2} component="span">
      {model.description && <span>{model.description}</span>}
      <span>May receive: {clearance}</span>
      {!model.ready && (
        <Text component="span" size="xs" c="orange.8">
          Not ready: IT has not finished setting it up, so runs that use it fail for now.
        </Text>
      )}
    </Stack>
  );
}

/** The model a step calls, chosen among those open to the workspace, with what each may receive. */
export function ModelField({ value, onChange, label, messages, required }: FieldProps) {
  const { models } = usePanel();
  const { words } = useLabelWords();
  const chosen = typeof value === 'string' ? value : null;
  const known = models.find((model) => model.name === chosen);
  const problems =
    chosen !== null && known === undefined && models.length > 0
      ? [`${chosen} is not open to this workspace: choose one of these`, ...messages]
      : messages;

  if (models.length === 0) {
    return (
      <TextInput
        label={label}
        required={required}
        description="No model is open to this workspace yet (ask IT): write the name of one from the registry."
        {...fieldError(messages)}
        value={chosen ?? ''}
        onChange={(event) => onChange(event.currentTarget.value === '' ? undefined : event.currentTarget.value)}
      />
    );
  }
  const data = models.map((model) => ({ value: model.name, label: model.name }));
  if (chosen !== null && known === undefined) data.push({ value: chosen, label: `${chosen} (not available here)` });

  return (
    <Select
      label={label}
      required={required}
      placeholder="Choose a model"
      description={
        known !== undefined ? (
          <ModelSummary model={known} clearance={clearanceLabel(known.clearance, words)} />
        ) : (
          'Which model answers. Each may receive data up to its clearance.'
        )
      }
      {...fieldError(problems)}
      data={data}
      value={chosen}
      onChange={(next) => onChange(next ?? undefined)}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => {
        const model = models.find((m) => m.name === option.value);
        if (model === undefined) return <Text size="sm">{option.label}</Text>;
        return (
          <Stack gap={0}>
            <Group gap={6}>
              <Text size="sm" fw={500}>
                {model.name}
              </Text>
              {!model.ready && (
                <Badge size="xs" color="orange" variant="light">
                  Not ready
                </Badge>
              )}
            </Group>
            {model.description && (
              <Text size="xs" c="dimmed">
                {model.description}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              May receive: {clearanceLabel(model.clearance, words)}
            </Text>
          </Stack>
        );
      }}
    />
  );
}
