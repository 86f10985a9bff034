import { Accordion, Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlayerTrackNext } from '@tabler/icons-react';
import type { LaidOutStep } from '../../../runs/graph/layout';
import { costText, formatDuration, tokenText } from '../../../runs/format';
import { MapItems } from '../../../runs/MapItems';
import { StatusBadge } from '../../../runs/StatusBadge';
import { StepRecordDetails } from '../../../runs/StepRecordDetails';
import { canRerunFrom } from './stepStatuses';

interface TestStepListProps {
  /** The run's steps, in the order to list them (the one selected on the canvas first). */
  steps: readonly LaidOutStep[];
  runEnded: boolean;
  selectedStep: string | null;
  /** The steps whose records are open. */
  opened: string[];
  onOpenedChange: (opened: string[]) => void;
  titleOf: (uses: string) => string;
  onSelectStep: (id: string) => void;
  onRerun: (id: string) => void;
  /** The step a re-run is being asked from, while the server answers. */
  rerunning: string | null;
}

/** "250 ms · 15 tokens · $0.0021": a step's time and model use at a glance. */
function summary(step: LaidOutStep): string {
  const record = step.record;
  if (!record) return '';
  const parts = [
    record.duration_ms != null ? formatDuration(record.duration_ms) : null,
    tokenText(record.input_tokens, record.output_tokens),
    costText(record.cost),
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

function StepBody({ step, runEnded, onRerun, rerunning, onSelectStep }: { step: LaidOutStep } & Pick<TestStepListProps, 'runEnded' | 'onRerun' | 'rerunning' | 'onSelectStep'>) {
  return (
    <Stack gap="md">
      <Group gap="sm">
        {canRerunFrom(step.status, runEnded) && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlayerTrackNext size={14} />}
            loading={rerunning === step.id}
            disabled={rerunning !== null && rerunning !== step.id}
            onClick={() => onRerun(step.id)}
            data-testid={`test-rerun-${step.id}`}
          >
            Re-run from this step
          </Button>
        )}
        <Anchor component="button" type="button" size="sm" onClick={() => onSelectStep(step.id)}>
          Show on the canvas
        </Anchor>
      </Group>
      {step.record ? (
        <StepRecordDetails record={step.record} />
      ) : (
        <Text size="sm" c="dimmed">
          {runEnded ? 'This step did not run.' : 'This step has not started yet.'}
        </Text>
      )}
      {step.uses === 'map' && <MapItems mapId={step.id} records={step.itemRecords} />}
    </Stack>
  );
}

/** The steps of a test run, each opening onto what it received, produced, used and cost, and what went wrong. */
export function TestStepList({ steps, selectedStep, opened, onOpenedChange, titleOf, ...rest }: TestStepListProps) {
  return (
    <Accordion multiple variant="separated" value={opened} onChange={onOpenedChange} keepMounted={false} data-testid="test-steps">
      {steps.map((step) => (
        <Accordion.Item key={step.id} value={step.id} data-testid={`test-step-${step.id}`} data-status={step.status}>
          <Accordion.Control>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={600} truncate>
                    {step.id}
                  </Text>
                  {step.id === selectedStep && (
                    <Badge size="xs" variant="outline">
                      Selected
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {[titleOf(step.uses), summary(step)].filter(Boolean).join(' · ')}
                </Text>
              </Stack>
              <StatusBadge kind="step" status={step.status} />
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <StepBody step={step} {...rest} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
