import { ActionIcon, Group, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { ChangesView } from '../../../components/diff/ChangesView';
import { QueryState } from '../../../components/QueryState';
import { useCompare, type WorkflowRef } from './queries';
import type { Side, VersionView } from './types';
import { versionLabel } from './words';

interface CompareViewProps {
  workflow: WorkflowRef;
  versions: readonly VersionView[];
  from: Side;
  to: Side;
  onChange: (sides: { from: Side; to: Side }) => void;
}

function sideOf(value: string | null): Side | null {
  if (value === null) return null;
  return value === 'draft' ? 'draft' : Number(value);
}

function sideName(side: Side): string {
  return side === 'draft' ? 'the draft' : versionLabel(side);
}

/** Two sides of the workflow, each any version or the draft, and what changes from the first to the second. */
export function CompareView({ workflow, versions, from, to, onChange }: CompareViewProps) {
  const same = from === to;
  const comparison = useCompare(workflow, same ? null : { from, to });
  const options = [
    { value: 'draft', label: 'Draft (as last saved)' },
    ...versions.map((version) => ({ value: String(version.number), label: `${versionLabel(version.number)} — ${version.message}` })),
  ];

  return (
    <Paper withBorder radius="md" p="lg" data-testid="compare-view">
      <Stack gap="md">
        <Title order={2} size="h4">
          Compare
        </Title>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="From"
            data={options}
            value={String(from)}
            onChange={(value) => {
              const side = sideOf(value);
              if (side !== null) onChange({ from: side, to });
            }}
            allowDeselect={false}
            w={340}
            data-testid="compare-from"
          />
          <Tooltip label="Swap the sides">
            <ActionIcon variant="default" size="lg" mb={1} aria-label="Swap the sides" onClick={() => onChange({ from: to, to: from })}>
              <IconArrowsExchange size={18} />
            </ActionIcon>
          </Tooltip>
          <Select
            label="To"
            data={options}
            value={String(to)}
            onChange={(value) => {
              const side = sideOf(value);
              if (side !== null) onChange({ from, to: side });
            }}
            allowDeselect={false}
            w={340}
            data-testid="compare-to"
          />
        </Group>
        {same ? (
          <Text size="sm" c="dimmed" data-testid="compare-same">
            Both sides are {sideName(from)}. Choose two different ones to see what changes between them.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              What changes from {sideName(from)} to {sideName(to)}.
            </Text>
            <QueryState query={comparison} errorTitle="The comparison could not be made" loadingLabel="Comparing" framed={false}>
              {comparison.data && <ChangesView changes={comparison.data} />}
            </QueryState>
          </>
        )}
      </Stack>
    </Paper>
  );
}
