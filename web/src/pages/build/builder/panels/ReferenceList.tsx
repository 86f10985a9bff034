import { Box, Text } from '@mantine/core';
import type { ReferenceOption } from '../model/types';

interface ReferenceListProps {
  id: string;
  /** The id of the field's label, which names the list too. */
  labelledBy: string;
  options: ReferenceOption[];
  active: number;
  query: string;
  onActivate: (index: number) => void;
  onChoose: (option: ReferenceOption) => void;
}

/** The most options listed at once: a long list is narrowed by typing, not scrolled. */
export const MAX_SHOWN = 100;

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The values a template may insert, as a listbox the field controls: focus stays in the field (which points at the
 * active option with aria-activedescendant), so pressing an option must not take it away.
 */
export function ReferenceList({ id, labelledBy, options, active, query, onActivate, onChoose }: ReferenceListProps) {
  if (options.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="xs" data-testid="reference-none">
        {query === '' ? 'There is nothing to insert here yet: add an input or an earlier step.' : `Nothing matches “${query}”.`}
      </Text>
    );
  }
  return (
    <Box id={id} role="listbox" aria-labelledby={labelledBy} mah={260} style={{ overflowY: 'auto' }}>
      {options.map((option, index) => (
        <Box
          key={option.path}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          data-testid="reference-option"
          px="sm"
          py={6}
          bg={index === active ? 'var(--mantine-primary-color-light)' : undefined}
          style={{ cursor: 'pointer', borderRadius: 'var(--mantine-radius-sm)' }}
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => onActivate(index)}
          onClick={() => onChoose(option)}
        >
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {option.path}
          </Text>
          <Text size="xs" c="dimmed">
            {option.detail}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
