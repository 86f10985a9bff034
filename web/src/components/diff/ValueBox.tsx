import { Box, Text } from '@mantine/core';
import { PRE_WRAP } from './styles';
import { valueText } from './describe';

const TONES = {
  removed: { background: 'var(--mantine-color-red-0)', border: 'var(--mantine-color-red-3)', label: 'Before' },
  added: { background: 'var(--mantine-color-green-0)', border: 'var(--mantine-color-green-4)', label: 'After' },
} as const;

/** A value before or after a change, in a tinted box: red for what goes, green for what comes. */
export function ValueBox({ value, tone, caption }: { value: unknown; tone: keyof typeof TONES; caption?: string }) {
  const { background, border, label } = TONES[tone];
  return (
    <Box
      p="xs"
      style={{ background, borderLeft: `3px solid ${border}`, borderRadius: 'var(--mantine-radius-sm)', minWidth: 0 }}
      data-testid={`diff-value-${tone}`}
    >
      <Text size="xs" c="dimmed" fw={600} mb={2}>
        {caption ?? label}
      </Text>
      <Text size="sm" ff="monospace" style={{ ...PRE_WRAP, fontSize: 'var(--mantine-font-size-xs)' }}>
        {valueText(value)}
      </Text>
    </Box>
  );
}
