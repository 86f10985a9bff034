import { Group, Paper, SegmentedControl, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconEqual } from '@tabler/icons-react';
import { useState } from 'react';
import type { components } from '../../api/schema.gen';
import { changeSummary, hasChanges } from './describe';
import { InterfaceChanges } from './InterfaceChanges';
import { StepChanges } from './StepChanges';
import { TextDiff } from './TextDiff';
import { UsesChanges } from './UsesChanges';

type View = 'changes' | 'text';

/**
 * What differs between two definitions of a workflow, for a reviewer: a summary line, what it now reaches (and no
 * longer reaches), the steps, inputs and outputs that changed down to the field, and the YAML line by line on demand.
 */
export function ChangesView({ changes }: { changes: components['schemas']['Comparison'] }) {
  const [view, setView] = useState<View>('changes');
  const { semantic, text } = changes;

  if (!hasChanges(semantic, text)) {
    return (
      <Paper withBorder radius="md" p="md" data-testid="changes-view">
        <Group gap="sm">
          <ThemeIcon variant="light" color="gray" radius="xl">
            <IconEqual size={16} />
          </ThemeIcon>
          <Text size="sm" data-testid="changes-summary">
            No changes
          </Text>
        </Group>
      </Paper>
    );
  }

  return (
    <Stack gap="md" data-testid="changes-view">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Text fw={600} data-testid="changes-summary">
          {changeSummary(semantic, text)}
        </Text>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(value) => setView(value as View)}
          data={[
            { value: 'changes', label: 'Changes' },
            { value: 'text', label: 'YAML' },
          ]}
          aria-label="How to show the changes"
        />
      </Group>
      {view === 'text' ? (
        <TextDiff runs={text} />
      ) : (
        <Stack gap="md">
          <UsesChanges added={semantic.uses_added} removed={semantic.uses_removed} />
          <StepChanges diff={semantic} />
          <InterfaceChanges part="inputs" added={semantic.inputs_added} removed={semantic.inputs_removed} changed={semantic.inputs_changed} />
          <InterfaceChanges
            part="outputs"
            added={semantic.outputs_added}
            removed={semantic.outputs_removed}
            changed={semantic.outputs_changed}
          />
          {!semantic.changed && (
            <Text size="sm" c="dimmed" data-testid="changes-text-only">
              The steps, inputs and outputs are the same; only the way the definition is written differs. Switch to YAML to
              see it.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
