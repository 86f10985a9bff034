import { Badge, Group, Mark, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconHierarchy, IconQuote } from '@tabler/icons-react';
import { citationText } from '../format';
import type { Passage } from '../types';

/** The passage's text, with what matches the query marked. */
function Highlighted({ passage }: { passage: Passage }) {
  const segments = passage.segments.length > 0 ? passage.segments : [{ text: passage.text, highlight: false }];
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="passage-text">
      {segments.map((segment, index) =>
        segment.highlight ? (
          <Mark key={index} color="yellow" px={2} data-testid="passage-highlight">
            {segment.text}
          </Mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </Text>
  );
}

/**
 * One passage found: where in the document it falls, its text, and its citation; its rank beside its headings, or
 * beside its citation when it has none (so that no row holds the rank alone).
 */
export function PassageCard({ passage, rank }: { passage: Passage; rank: number }) {
  const headed = passage.context !== '';
  const rankBadge = (
    <Tooltip label={`Score ${passage.score.toPrecision(3)}: higher matches better, within this answer only`} openDelay={300}>
      <Badge variant="light" color="gray" tt="none" style={{ flexShrink: 0 }} data-testid="passage-rank">
        #{rank}
      </Badge>
    </Tooltip>
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid={`passage-${rank}`}>
      <Stack gap="xs">
        {headed && (
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm" data-testid="passage-heading">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconHierarchy size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
              <Text size="xs" c="dimmed" fw={600} truncate="end" data-testid="passage-context">
                {passage.context}
              </Text>
            </Group>
            {rankBadge}
          </Group>
        )}
        <Highlighted passage={passage} />
        <Group justify="space-between" wrap="nowrap" align="center" gap="sm" data-testid="passage-source">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconQuote size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="passage-citation">
              {citationText(passage.citation)}
            </Text>
          </Group>
          {!headed && rankBadge}
        </Group>
      </Stack>
    </Paper>
  );
}
