import { Box, Checkbox, Chip, Code, Group, Input, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import {
  composeClearance,
  KNOWN_CATEGORIES,
  LEVELS,
  unknownCategories,
  type ClearanceParts,
  type LabelWords,
  type Level,
} from './clearance';
import { useLabelWords } from './labelQueries';

/** A clearance or a data label as the form holds it. */
export interface ClearanceValue {
  level: Level;
  /** Whether every category is admitted (`/*`): clearances only. */
  allCategories: boolean;
  /** The categories chosen, each once. */
  categories: string[];
}

/** The clearance (or label) the form would send. */
export function clearanceOf(value: ClearanceValue): string {
  return composeClearance({ level: value.level, allCategories: value.allCategories, categories: value.categories });
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
  /** The value in a sentence, for the summary, with the organisation's names for the levels. */
  sentence: (parts: ClearanceParts, words: LabelWords) => string;
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

/** The categories to offer: the catalogue's, then any the value holds that it does not have (so they can be taken off). */
function offered(words: LabelWords, failed: boolean, chosen: readonly string[]): { name: string; description: string; known: boolean }[] {
  const base =
    words.categories ??
    // Until the catalogue is known, the ones every installation starts with (only when it could not be loaded).
    (failed ? Object.entries(KNOWN_CATEGORIES).map(([name, c]) => ({ name, description: c.words })) : []);
  const names = new Set(base.map((c) => c.name));
  const unknown = new Set(unknownCategories(chosen, words));
  return [
    ...base.map((c) => ({ ...c, known: true })),
    ...chosen.filter((c) => !names.has(c)).map((name) => ({ name, description: '', known: !unknown.has(name) })),
  ];
}

/**
 * A level and special categories of data, in the organisation's words and as written (`confidential/pii`): the most
 * sensitive data a model or a system may receive, or the label of what a system returns. The levels and categories
 * are the label catalogue's (Admin → Labels & policy).
 */
export function ClearanceField({ value, onChange, words: fieldWords, testId, error }: ClearanceFieldProps) {
  const { words, pending, failed } = useLabelWords();
  const id = useId();
  const withAll = fieldWords.allCategoriesDescription !== undefined;
  const all = withAll && value.allCategories;
  const parts = { level: value.level, allCategories: all, categories: value.categories };
  const options = offered(words, failed, value.categories);
  const unknown = all ? [] : unknownCategories(value.categories, words);
  const toggle = (categories: string[]) => onChange({ categories: [...new Set(categories)].sort() });

  let note: string | null = null;
  if (all) note = 'Not needed: it may receive every category.';
  else if (pending) note = 'Loading the organisation’s categories…';
  else if (failed) note = 'The organisation’s categories could not be loaded: the built-in ones are shown.';
  else if (options.length === 0) note = 'The organisation has no categories yet: add them under Admin → Labels & policy.';

  return (
    <Stack gap="sm" data-testid={testId}>
      <Text size="sm">{fieldWords.intro}</Text>
      <Select
        label={fieldWords.levelLabel}
        description={words.level(value.level).description}
        data={LEVELS.map((level) => ({ value: level, label: words.level(level).name }))}
        value={value.level}
        onChange={(level) => level !== null && onChange({ level: level as Level })}
        allowDeselect={false}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {words.level(option.value as Level).description}
            </Text>
          </Stack>
        )}
        comboboxProps={{ withinPortal: true }}
      />
      {withAll && (
        <Checkbox
          label="All categories"
          description={fieldWords.allCategoriesDescription}
          checked={value.allCategories}
          onChange={(event) => onChange({ allCategories: event.currentTarget.checked })}
        />
      )}
      <Stack gap={6}>
        <div>
          <Input.Label id={`${id}-label`} component="div">
            {fieldWords.categoriesLabel}
          </Input.Label>
          <Input.Description id={`${id}-description`}>{fieldWords.categoriesDescription}</Input.Description>
        </div>
        <Chip.Group multiple value={all ? [] : value.categories} onChange={toggle}>
          <Group
            gap={8}
            role="group"
            aria-labelledby={`${id}-label`}
            aria-describedby={error !== undefined ? `${id}-error` : `${id}-description`}
            aria-invalid={error !== undefined || undefined}
            data-testid={`${testId}-categories`}
          >
            {options.map((category) => (
              <Tooltip
                key={category.name}
                label={category.known ? category.description : 'Not in the organisation’s categories'}
                disabled={category.known && category.description === ''}
                withArrow
                openDelay={300}
                multiline
                maw={280}
              >
                <Box component="span">
                  <Chip
                    value={category.name}
                    size="sm"
                    variant="outline"
                    color={category.known ? undefined : 'red'}
                    disabled={all}
                    styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  >
                    {category.name}
                  </Chip>
                </Box>
              </Tooltip>
            ))}
          </Group>
        </Chip.Group>
        {note !== null && (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        )}
        {unknown.length > 0 && error === undefined && (
          <Text size="xs" c="orange.8" data-testid={`${testId}-unknown`}>
            {unknown.length === 1
              ? `${unknown[0]} is not one of the organisation’s categories: add it under Labels & policy, or take it off. Saving is refused until then.`
              : `${unknown.join(', ')} are not among the organisation’s categories: add them under Labels & policy, or take them off. Saving is refused until then.`}
          </Text>
        )}
        {error !== undefined && <Input.Error id={`${id}-error`}>{error}</Input.Error>}
      </Stack>
      <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)" data-testid={`${testId}-summary`}>
        <Text size="sm">{fieldWords.sentence(parts, words)}</Text>
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
