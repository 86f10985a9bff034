import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFolder, IconUsersGroup } from '@tabler/icons-react';
import type { EnvironmentView } from '../../../api/types';
import { environmentName } from '../../admin/environmentQueries';
import { entryKey, type DraftEntry } from './draft';

interface AccessEntriesProps {
  entries: readonly DraftEntry[];
  environments: readonly EnvironmentView[] | undefined;
  onRemove: (entry: DraftEntry) => void;
}

function what(entry: DraftEntry, environments: readonly EnvironmentView[] | undefined): string {
  if (entry.kind === 'group') return 'Its members may search it here, in Knowledge';
  return entry.environment === null
    ? 'Its workflows may retrieve from it, in every environment'
    : `Its workflows may retrieve from it, only in ${environmentName(environments, entry.environment)}`;
}

/** Who may use the knowledge base, as the list being edited says: workspaces first, then groups. */
export function AccessEntries({ entries, environments, onRemove }: AccessEntriesProps) {
  if (entries.length === 0) {
    return (
      <Paper radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="access-empty">
        <Text size="sm" ta="center" c="dimmed">
          Not shared yet: no workflow may retrieve from it, and only the stewards and builders of its own workspace see it.
          Add a workspace or a group below.
        </Text>
      </Paper>
    );
  }
  const sorted = [...entries].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'workspace' ? -1 : 1));
  return (
    <Paper withBorder radius="md" data-testid="access-entries">
      <Stack gap={0}>
        {sorted.map((entry, index) => {
          const EntryIcon = entry.kind === 'workspace' ? IconFolder : IconUsersGroup;
          return (
            <Group
              key={entryKey(entry)}
              justify="space-between"
              wrap="nowrap"
              px="md"
              py="sm"
              style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
              data-testid={`access-entry-${entry.kind}-${entry.kind === 'group' ? entry.name : entry.id}`}
            >
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <ThemeIcon variant="light" radius="xl" size={32} color={entry.kind === 'workspace' ? 'indigo' : 'grape'}>
                  <EntryIcon size={16} stroke={1.6} />
                </ThemeIcon>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} truncate="end">
                      {entry.name}
                    </Text>
                    <Badge size="xs" variant="light" color="gray" tt="none">
                      {entry.kind === 'workspace' ? 'Workspace' : 'Group'}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {what(entry, environments)}
                  </Text>
                </Stack>
              </Group>
              <Button variant="subtle" color="red" size="compact-sm" onClick={() => onRemove(entry)} aria-label={`Remove ${entry.name}`}>
                Remove
              </Button>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
