import { Checkbox, Code, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { categoriesOf, clearanceSentence, composeClearance, LEVEL_INFO, LEVELS, type Level } from './clearance';

/** The clearance as the form holds it: the categories as typed, so that commas and spaces stay. */
export interface ClearanceValue {
  level: Level;
  allCategories: boolean;
  categoriesText: string;
}

/** The clearance the form would send. */
export function clearanceOf(value: ClearanceValue): string {
  return composeClearance({ level: value.level, allCategories: value.allCategories, categories: categoriesOf(value.categoriesText) });
}

interface ModelClearanceFieldProps {
  value: ClearanceValue;
  onChange: (change: Partial<ClearanceValue>) => void;
  /** What is wrong with it (found before sending, or the API's refusal). */
  error?: string;
}

/** The most sensitive data a model may receive: a level, and which special categories of data. */
export function ModelClearanceField({ value, onChange, error }: ModelClearanceFieldProps) {
  const parts = { level: value.level, allCategories: value.allCategories, categories: categoriesOf(value.categoriesText) };
  return (
    <Stack gap="sm" data-testid="model-clearance">
      <Text size="sm">
        The most sensitive data this model may receive. Workflows that would send it anything more sensitive get a policy
        warning before they run. Choose the highest level you trust this provider with.
      </Text>
      <Select
        label="Most sensitive level"
        description={LEVEL_INFO[value.level].description}
        data={LEVELS.map((level) => ({ value: level, label: LEVEL_INFO[level].label }))}
        value={value.level}
        onChange={(level) => level !== null && onChange({ level: level as Level })}
        allowDeselect={false}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {LEVEL_INFO[option.value as Level].description}
            </Text>
          </Stack>
        )}
        comboboxProps={{ withinPortal: true }}
      />
      <Checkbox
        label="All categories"
        description="It may receive every special kind of data, such as personal, health or payment card data."
        checked={value.allCategories}
        onChange={(event) => onChange({ allCategories: event.currentTarget.checked })}
      />
      <TextInput
        label="Special categories it may receive"
        description={
          value.allCategories
            ? 'Not needed: it may receive every category.'
            : 'Separate them with commas: for example pii (personal data), phi (health data), pci (payment card data). Leave it empty for none.'
        }
        placeholder={value.allCategories ? 'All categories' : 'pii, phi'}
        autoComplete="off"
        spellCheck={false}
        disabled={value.allCategories}
        value={value.allCategories ? '' : value.categoriesText}
        onChange={(event) => onChange({ categoriesText: event.currentTarget.value })}
        error={error}
      />
      <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)" data-testid="model-clearance-summary">
        <Text size="sm">{clearanceSentence(parts)}</Text>
        <Group gap={6} mt={4}>
          <Text size="xs" c="dimmed">
            Written as
          </Text>
          <Code data-testid="model-clearance-value">{composeClearance(parts)}</Code>
        </Group>
      </Paper>
    </Stack>
  );
}
