import { Badge, Code, Divider, Group, Stack, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { SemanticDiff, StepRef } from '../../api/types';
import { count } from './describe';
import { DiffSection } from './DiffSection';
import { FieldChangeList } from './FieldChangeList';
import { Marker, type Change } from './Marker';

function StepLine({ step, change }: { step: StepRef; change: Change }) {
  return (
    <Group gap="xs" wrap="nowrap" data-testid={`diff-step-${change}`} data-step={step.id}>
      <Marker change={change} />
      <Code fw={600} style={change === 'removed' ? { textDecoration: 'line-through' } : undefined}>
        {step.id}
      </Code>
      <Badge variant="outline" color="gray" tt="none" fw={500} size="sm">
        {step.uses}
      </Badge>
    </Group>
  );
}

/** Steps added, removed, and changed down to the field. Nothing when no step differs. */
export function StepChanges({ diff }: { diff: SemanticDiff }) {
  const { steps_added: added, steps_removed: removed, steps_changed: changed } = diff;
  if (added.length + removed.length + changed.length === 0) return null;
  return (
    <DiffSection title="Steps" hint={stepsHint(added.length, removed.length, changed.length)} testId="diff-steps">
      {(added.length > 0 || removed.length > 0) && (
        <Stack gap={6}>
          {added.map((step) => (
            <StepLine key={`+${step.id}`} step={step} change="added" />
          ))}
          {removed.map((step) => (
            <StepLine key={`-${step.id}`} step={step} change="removed" />
          ))}
        </Stack>
      )}
      {changed.map((step, index) => (
        <Fragment key={step.id}>
          {(index > 0 || added.length > 0 || removed.length > 0) && <Divider />}
          <Stack gap="sm" data-testid="diff-step-changed" data-step={step.id}>
            <Group gap="xs" wrap="nowrap">
              <Marker change="changed" />
              <Code fw={600}>{step.id}</Code>
              <Badge variant="outline" color="gray" tt="none" fw={500} size="sm">
                {step.uses}
              </Badge>
              <Text size="xs" c="dimmed">
                {count(step.fields.length, 'field')} changed
              </Text>
            </Group>
            <Stack pl={28}>
              <FieldChangeList changes={step.fields} />
            </Stack>
          </Stack>
        </Fragment>
      ))}
    </DiffSection>
  );
}

function stepsHint(added: number, removed: number, changed: number): string {
  const parts = [
    changed > 0 ? `${changed} changed` : null,
    added > 0 ? `${added} added` : null,
    removed > 0 ? `${removed} removed` : null,
  ].filter((part): part is string => part !== null);
  return parts.join(', ');
}
