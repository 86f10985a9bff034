import { Group, Progress, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../../runs/StatusBadge';
import { isFinalRun } from '../../runs/status';
import type { AppRun } from '../types';

/** "2 of 4 steps done": how far the run has come. */
export function progressText(run: Pick<AppRun, 'steps_done' | 'steps_total'>): string {
  const total = run.steps_total;
  return `${Math.min(run.steps_done, total)} of ${total} step${total === 1 ? '' : 's'} done`;
}

/** The bar and the words for how far a run has come; it moves while the run goes on. */
export function RunProgress({ run }: { run: AppRun }) {
  const active = !isFinalRun(run.status);
  const text = progressText(run);
  const value = run.steps_total === 0 ? (active ? 0 : 100) : (100 * Math.min(run.steps_done, run.steps_total)) / run.steps_total;
  const color = run.status === 'failed' ? 'red' : run.status === 'succeeded' ? 'green' : run.status === 'waiting' ? 'yellow' : undefined;
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500} data-testid="app-run-progress" aria-live="polite">
          {text}
        </Text>
        <StatusBadge status={run.status} />
      </Group>
      <Progress value={value} striped={active} animated={active} color={color} size="lg" aria-label={text} data-testid="app-run-progress-bar" />
    </Stack>
  );
}
