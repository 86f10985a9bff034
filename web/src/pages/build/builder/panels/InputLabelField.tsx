import { Box, Chip, Group, Input, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useId } from 'react';
import { composeClearance, KNOWN_CATEGORIES, LEVELS, parseClearance, type Level } from '../../../admin/clearance';
import { useLabelWords } from '../../../admin/labelQueries';

/** What a level means for where the data may go: the part the organisation's own description may not say. */
const CONSEQUENCE: Readonly<Record<Level, string>> = {
  public: 'Any model or system may receive it.',
  internal: 'Any model or system cleared for internal data may receive it. This is the default.',
  confidential: 'Only a model or system cleared for confidential data may receive it, or anything worked out from it.',
  restricted: 'Only a model or system cleared for restricted data may receive it, or anything worked out from it.',
};

interface InputLabelFieldProps {
  /** As written: `confidential/pii`; undefined means internal. */
  value: string | undefined;
  /** Undefined for plain internal, the default, so that it is not written. */
  onChange: (label: string | undefined) => void;
  error?: string;
}

/**
 * How sensitive an input is: a level and special categories, in the organisation's words (GET /api/v1/labels, which
 * every signed-in person may read), each explained by where the data may then go.
 */
export function InputLabelField({ value, onChange, error }: InputLabelFieldProps) {
  const id = useId();
  const { words, failed } = useLabelWords();
  const parts = parseClearance(value ?? 'internal');
  const level = parts?.level ?? 'internal';
  const chosen = parts?.allCategories ? [] : (parts?.categories ?? []);
  const categories =
    words.categories ?? (failed ? Object.entries(KNOWN_CATEGORIES).map(([name, c]) => ({ name, description: c.words })) : []);
  const offered = [
    ...categories,
    ...chosen.filter((c) => !categories.some((k) => k.name === c)).map((name) => ({ name, description: '' })),
  ];
  const set = (next: { level?: Level; categories?: string[] }) => {
    const label = composeClearance({ level: next.level ?? level, allCategories: false, categories: next.categories ?? chosen });
    onChange(label === 'internal' ? undefined : label);
  };
  const meaning = words.level(level);

  return (
    <Stack gap={6} data-testid="input-label">
      <Select
        label="How sensitive is it?"
        data={LEVELS.map((l) => ({ value: l, label: words.level(l).name }))}
        value={level}
        allowDeselect={false}
        onChange={(next) => next !== null && set({ level: next as Level })}
        error={parts === null ? `“${value}” is not a label Paddock knows: choose a level` : error}
        comboboxProps={{ withinPortal: true }}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {words.level(option.value as Level).description}
            </Text>
          </Stack>
        )}
      />
      <Text size="xs" c="dimmed" data-testid="input-label-meaning">
        {meaning.name} — {meaning.description.replace(/\.?$/, '.')} {CONSEQUENCE[level]}
      </Text>
      {offered.length > 0 && (
        <Stack gap={4}>
          <Input.Label id={`${id}-categories`} component="div" size="sm">
            Special kinds of data it holds
          </Input.Label>
          <Chip.Group multiple value={chosen} onChange={(next) => set({ categories: next })}>
            <Group gap={6} role="group" aria-labelledby={`${id}-categories`}>
              {offered.map((category) => (
                <Tooltip
                  key={category.name}
                  label={category.description}
                  disabled={category.description === ''}
                  withArrow
                  multiline
                  maw={260}
                >
                  <Box component="span">
                    <Chip value={category.name} size="xs" variant="outline">
                      {category.name}
                    </Chip>
                  </Box>
                </Tooltip>
              ))}
            </Group>
          </Chip.Group>
          {chosen.length > 0 && (
            <Text size="xs" c="dimmed">
              Only models and systems cleared for {chosen.map((c) => KNOWN_CATEGORIES[c]?.words ?? c).join(', ')} may receive it.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
