import { Code, Text } from '@mantine/core';

/** A JSON value as a person reads it: text as text, anything else pretty-printed. */
export function JsonValue({ value, testId }: { value: unknown; testId?: string }) {
  if (typeof value === 'string') {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={testId}>
        {value}
      </Text>
    );
  }
  if (value === null || value === undefined) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        Nothing
      </Text>
    );
  }
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}
