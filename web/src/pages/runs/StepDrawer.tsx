import { Code, Drawer, Group, Stack, Text } from '@mantine/core';
import { useLastValue } from '../../components/useLastValue';
import { DrawerSection } from '../admin/DrawerSection';
import type { LaidOutStep } from './graph/layout';
import { MapItems } from './MapItems';
import { StepRecordDetails } from './StepRecordDetails';

interface StepDrawerProps {
  /** The step shown; null when closed. */
  step: LaidOutStep | null;
  titleOf: (uses: string) => string;
  /** Whether the run has ended, so that a step without a record never ran rather than not yet. */
  runEnded: boolean;
  onClose: () => void;
}

/** One step of a run: its record, and for a map the records of every item. */
export function StepDrawer({ step: current, titleOf, runEnded, onClose }: StepDrawerProps) {
  const step = useLastValue(current);
  return (
    <Drawer
      opened={current !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        step ? (
          <Group gap="sm">
            <Text fw={650}>{`Step ${step.id}`}</Text>
            <Text c="dimmed" size="sm">
              {titleOf(step.uses)} <Code>{step.uses}</Code>
            </Text>
          </Group>
        ) : null
      }
    >
      {step && (
        <Stack gap="xl" data-testid="step-drawer">
          {step.record ? (
            <StepRecordDetails record={step.record} />
          ) : (
            <Text size="sm" c="dimmed">
              {runEnded ? 'This step did not run.' : 'This step has not started yet.'}
            </Text>
          )}
          {step.uses === 'map' && (
            <DrawerSection title={step.items === null ? 'Items' : `Items (${step.items})`}>
              <MapItems mapId={step.id} records={step.itemRecords} />
            </DrawerSection>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
