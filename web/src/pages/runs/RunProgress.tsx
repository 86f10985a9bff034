import { Group, Progress, Stack, Text } from '@mantine/core';
import type { LaidOutStep } from './graph/layout';
import { isDoneStep, isFinalRun } from './status';

/** "N of M steps done", with a bar that moves while the run goes on. */
export function RunProgress({ steps, status }: { steps: readonly LaidOutStep[]; status: string }) {
  const done = steps.filter((step) => isDoneStep(step.status)).length;
  const total = steps.length;
  const active = !isFinalRun(status);
  const text = `${done} of ${total} step${total === 1 ? '' : 's'} done`;
  return (
    <Stack gap={6} mb="md">
      <Group justify="space-between">
        <Text size="sm" fw={500} data-testid="run-progress" aria-live="polite">
          {text}
        </Text>
      </Group>
      <Progress
        value={total === 0 ? 0 : (100 * done) / total}
        striped={active}
        animated={active}
        color={status === 'failed' ? 'red' : status === 'succeeded' ? 'green' : undefined}
        aria-label={text}
      />
    </Stack>
  );
}
