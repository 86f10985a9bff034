import { Badge, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCpu, IconPlugConnected, IconPuzzle, type Icon } from '@tabler/icons-react';
import { parseUse, type Use } from './describe';

const ICONS: Record<Use['kind'], Icon> = { model: IconCpu, connection: IconPlugConnected, other: IconPuzzle };

function UseItem({ use, tone }: { use: Use; tone: 'added' | 'removed' }) {
  const Icon = ICONS[use.kind];
  const color = tone === 'added' ? 'orange' : 'gray';
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={`diff-use-${tone}`} data-use={use.raw}>
      <ThemeIcon size={28} radius="md" variant="light" color={color} style={{ flexShrink: 0 }}>
        <Icon size={16} stroke={1.8} />
      </ThemeIcon>
      <Stack gap={0} style={{ minWidth: 0 }}>
        {use.kind === 'connection' ? (
          <>
            <Text size="sm" fw={600} ff="monospace" td={tone === 'removed' ? 'line-through' : undefined}>
              {use.connection}.{use.action}
            </Text>
            <Text size="xs" c="dimmed">
              The action {use.action} of the connection {use.connection}
            </Text>
          </>
        ) : use.kind === 'model' ? (
          <>
            <Text size="sm" fw={600} ff="monospace" td={tone === 'removed' ? 'line-through' : undefined}>
              {use.name}
            </Text>
            <Text size="xs" c="dimmed">
              AI model
            </Text>
          </>
        ) : (
          <Text size="sm" fw={600} ff="monospace">
            {use.raw}
          </Text>
        )}
      </Stack>
    </Group>
  );
}

function UseColumn({ title, hint, uses, tone }: { title: string; hint: string; uses: readonly string[]; tone: 'added' | 'removed' }) {
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Badge size="sm" circle color={tone === 'added' ? 'orange' : 'gray'}>
          {uses.length}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={-8}>
        {hint}
      </Text>
      {uses.map((raw) => (
        <UseItem key={raw} use={parseUse(raw)} tone={tone} />
      ))}
    </Stack>
  );
}

/**
 * The systems and models the workflow reaches now and did not before, and those it no longer does: what IT looks at
 * first. Nothing when these did not change.
 */
export function UsesChanges({ added, removed }: { added: readonly string[]; removed: readonly string[] }) {
  if (added.length + removed.length === 0) return null;
  const both = added.length > 0 && removed.length > 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      style={{ borderLeft: `4px solid var(--mantine-color-${added.length > 0 ? 'orange-5' : 'gray-5'})` }}
      data-testid="diff-uses"
    >
      <SimpleGrid cols={{ base: 1, sm: both ? 2 : 1 }} spacing="xl">
        {added.length > 0 && (
          <UseColumn
            title="Newly used"
            hint="Connections, actions and models this version reaches that the one before did not."
            uses={added}
            tone="added"
          />
        )}
        {removed.length > 0 && (
          <UseColumn title="No longer used" hint="What the version before reached and this one does not." uses={removed} tone="removed" />
        )}
      </SimpleGrid>
    </Paper>
  );
}
