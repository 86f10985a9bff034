import { Checkbox, Code, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { categoriesOf, composeClearance, LEVEL_INFO, LEVELS, type ClearanceParts, type Level } from './clearance';

/** A clearance or a data label as the form holds it: the categories as typed, so that commas and spaces stay. */
export interface ClearanceValue {
  level: Level;
  /** Whether every category is admitted (`/*`): clearances only. */
  allCategories: boolean;
  categoriesText: string;
}

/** The clearance (or label) the form would send. */
export function clearanceOf(value: ClearanceValue): string {
  return composeClearance({ level: value.level, allCategories: value.allCategories, categories: categoriesOf(value.categoriesText) });
}

/** What the field says, in the words of what it is for. */
export interface ClearanceWords {
  /** The sentence above the inputs. */
  intro: ReactNode;
  levelLabel: string;
  /** The "All categories" checkbox's description; no checkbox without it (a data label has none). */
  allCategoriesDescription?: string;
  categoriesLabel: string;
  categoriesDescription: string;
  /** The value in a sentence, for the summary. */
  sentence: (parts: ClearanceParts) => string;
}

interface ClearanceFieldProps {
  value: ClearanceValue;
  onChange: (change: Partial<ClearanceValue>) => void;
  words: ClearanceWords;
  /** The test id of the field; its summary and written value get `-summary` and `-value` after it. */
  testId: string;
  /** What is wrong with it (found before sending, or the API's refusal). */
  error?: string;
}

/**
 * A level and special categories of data, in words and as written (`confidential/pii`): the most sensitive data
 * a model or a system may receive, or the label of what a system returns.
 */
export function ClearanceField({ value, onChange, words, testId, error }: ClearanceFieldProps) {
  const withAll = words.allCategoriesDescription !== undefined;
  const all = withAll && value.allCategories;
  const parts = { level: value.level, allCategories: all, categories: categoriesOf(value.categoriesText) };
  return (
    <Stack gap="sm" data-testid={testId}>
      <Text size="sm">{words.intro}</Text>
      <Select
        label={words.levelLabel}
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
      {withAll && (
        <Checkbox
          label="All categories"
          description={words.allCategoriesDescription}
          checked={value.allCategories}
          onChange={(event) => onChange({ allCategories: event.currentTarget.checked })}
        />
      )}
      <TextInput
        label={words.categoriesLabel}
        description={all ? 'Not needed: it may receive every category.' : words.categoriesDescription}
        placeholder={all ? 'All categories' : 'pii, phi'}
        autoComplete="off"
        spellCheck={false}
        disabled={all}
        value={all ? '' : value.categoriesText}
        onChange={(event) => onChange({ categoriesText: event.currentTarget.value })}
        error={error}
      />
      <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)" data-testid={`${testId}-summary`}>
        <Text size="sm">{words.sentence(parts)}</Text>
        <Group gap={6} mt={4}>
          <Text size="xs" c="dimmed">
            Written as
          </Text>
          <Code data-testid={`${testId}-value`}>{composeClearance(parts)}</Code>
        </Group>
      </Paper>
    </Stack>
  );
}
