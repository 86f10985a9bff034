import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { JsonValueField } from './JsonValueField';
import { usePanel } from './panelContext';
import { TemplateField } from './TemplateField';

interface AnyValueFieldProps {
  label: ReactNode;
  value: unknown;
  onChange: (value: unknown) => void;
  description?: ReactNode;
  required?: boolean;
  error?: ReactNode;
  errorProps?: { component: 'div' };
}

type Mode = 'text' | 'json';

/**
 * A value of any type (`{}` in the schema): written as text with `{{ expressions }}` (one expression alone keeps its
 * type), or as structured JSON: a record or a list whose strings may hold expressions too.
 */
export function AnyValueField({ label, value, onChange, description, required, error, errorProps }: AnyValueFieldProps) {
  const { references } = usePanel();
  const [mode, setMode] = useState<Mode>(() => (value === undefined || typeof value === 'string' ? 'text' : 'json'));

  const switchTo = (next: Mode) => {
    setMode(next);
    if (next === 'json' && typeof value === 'string') {
      // Text that is already JSON (a list, a number) becomes that value; other text stays a string.
      try {
        onChange(JSON.parse(value));
      } catch {
        // Kept as a string.
      }
    } else if (next === 'text' && value !== undefined && typeof value !== 'string') {
      onChange(JSON.stringify(value));
    }
  };

  return (
    <Stack gap={4}>
      {mode === 'text' ? (
        <TemplateField
          label={label}
          description={description}
          required={required}
          error={error}
          value={typeof value === 'string' ? value : ''}
          references={references}
          onChange={(text) => onChange(text === '' ? undefined : text)}
          minRows={2}
        />
      ) : (
        <JsonValueField
          label={label}
          description={description}
          required={required}
          error={error}
          errorProps={errorProps}
          value={value}
          onChange={onChange}
        />
      )}
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          Write it as
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Write it as"
          value={mode}
          onChange={(next) => switchTo(next as Mode)}
          data={[
            { value: 'text', label: 'Text' },
            { value: 'json', label: 'Structured (JSON)' },
          ]}
        />
      </Group>
    </Stack>
  );
}
