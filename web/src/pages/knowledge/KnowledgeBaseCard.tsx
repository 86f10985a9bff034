import { Anchor, Badge, Box, Card, Group, Stack, Text } from '@mantine/core';
import { IconFolder, IconShare } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { sharingSentence } from './access/summary';
import { DocumentCountsBar } from './DocumentCountsBar';
import { LabelBadge } from './label';
import { knowledgeBasePath } from './paths';
import type { KnowledgeBase } from './types';

/** One knowledge base of the list; the whole card opens it, its name is the link. */
export function KnowledgeBaseCard({ base }: { base: KnowledgeBase }) {
  const navigate = useNavigate();
  const path = knowledgeBasePath(base.slug);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      data-testid={`knowledge-card-${base.slug}`}
      onClick={() => void navigate(path)}
      style={{ cursor: 'pointer' }}
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Anchor component={Link} to={path} fw={600} size="lg" onClick={(event) => event.stopPropagation()} style={{ overflowWrap: 'anywhere' }}>
            {base.name}
          </Anchor>
          <LabelBadge label={base.label} testId={`knowledge-label-${base.slug}`} />
        </Group>
        {/* The wrapper takes the card's spare height, so that the counts line up across a row; the text inside keeps
            its own height, at most three lines, so that its ellipsis ends the third (a taller clamped box shows more). */}
        <Box style={{ flex: 1 }} data-testid={`knowledge-description-box-${base.slug}`}>
          <Text
            size="sm"
            c={base.description ? undefined : 'dimmed'}
            lineClamp={3}
            style={{ overflowWrap: 'anywhere' }}
            data-testid={`knowledge-description-${base.slug}`}
          >
            {base.description || 'No description yet.'}
          </Text>
        </Box>
        <DocumentCountsBar counts={base.documents} testId={`knowledge-counts-${base.slug}`} />
        <Group gap="md" wrap="wrap">
          <Group gap={6} wrap="nowrap">
            <IconFolder size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
            <Text size="xs" c="dimmed" truncate>
              {base.workspace_name || base.workspace}
            </Text>
          </Group>
          {base.may_manage ? (
            <Group gap={6} wrap="nowrap">
              <IconShare size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed">
                {sharingSentence(base.access)}
              </Text>
            </Group>
          ) : (
            <Badge variant="light" color="gray" size="sm" tt="none">
              Read only
            </Badge>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
