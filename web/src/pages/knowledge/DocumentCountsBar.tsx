import { Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { countsSentence } from './format';
import type { DocumentCounts } from './types';

const PARTS = [
  { key: 'ready', color: 'green', label: 'ready' },
  { key: 'pending', color: 'blue', label: 'waiting to be read' },
  { key: 'failed', color: 'red', label: 'could not be read' },
] as const;

/** A small bar of a knowledge base's documents: ready, waiting or being read, and failed; with the counts in words. */
export function DocumentCountsBar({ counts, testId }: { counts: DocumentCounts; testId: string }) {
  const sentence = countsSentence(counts);
  return (
    <Stack gap={6} data-testid={testId}>
      <Progress.Root size="sm" radius="xl" role="group" aria-label={sentence}>
        {counts.total > 0 &&
          PARTS.map((part) =>
            counts[part.key] > 0 ? (
              <Tooltip key={part.key} label={`${counts[part.key].toLocaleString('en')} ${part.label}`} openDelay={200}>
                <Progress.Section
                  value={(counts[part.key] / counts.total) * 100}
                  color={part.color}
                  striped={part.key === 'pending'}
                  animated={part.key === 'pending'}
                  data-testid={`${testId}-${part.key}`}
                />
              </Tooltip>
            ) : null,
          )}
      </Progress.Root>
      <Group gap="xs">
        <Text size="xs" c="dimmed" data-testid={`${testId}-text`}>
          {sentence}
        </Text>
      </Group>
    </Stack>
  );
}
