import { Badge, Code, Group, SimpleGrid, Stack } from '@mantine/core';
import type { FieldChange } from '../../api/types';
import { ValueBox } from './ValueBox';
import { WordRuns } from './WordRuns';

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** One value that differs: text word by word, anything else before and after side by side. */
function FieldChangeRow({ change, prefix }: { change: FieldChange; prefix?: string }) {
  const path = prefix !== undefined && change.path.startsWith(prefix) ? change.path.slice(prefix.length) : change.path;
  const added = !present(change.before);
  const removed = !present(change.after);
  return (
    <Stack gap={6} data-testid="diff-field" data-path={change.path}>
      <Group gap="xs">
        <Code fw={600}>{path}</Code>
        {added && (
          <Badge size="xs" color="green" variant="light">
            added
          </Badge>
        )}
        {removed && (
          <Badge size="xs" color="red" variant="light">
            removed
          </Badge>
        )}
      </Group>
      {change.words != null && change.words.length > 0 ? (
        <WordRuns runs={change.words} />
      ) : added ? (
        <ValueBox value={change.after} tone="added" caption="New value" />
      ) : removed ? (
        <ValueBox value={change.before} tone="removed" caption="Removed value" />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <ValueBox value={change.before} tone="removed" />
          <ValueBox value={change.after} tone="added" />
        </SimpleGrid>
      )}
    </Stack>
  );
}

/** The values that differ, each at its path; `prefix` (`inputs.`) is left out of the paths shown. */
export function FieldChangeList({ changes, prefix }: { changes: readonly FieldChange[]; prefix?: string }) {
  return (
    <Stack gap="md">
      {changes.map((change) => (
        <FieldChangeRow key={change.path} change={change} prefix={prefix} />
      ))}
    </Stack>
  );
}
