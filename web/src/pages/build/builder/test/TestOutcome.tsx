import { Alert, Box, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { RunView } from '../../../../api/types';
import { elapsed, formatDuration, runUsageText } from '../../../runs/format';
import { RunOutcome } from '../../../runs/RunOutcome';
import { RunOutputs } from '../../../runs/RunOutputs';
import { isFinalRun } from '../../../runs/status';

/** "Took 2.4 s · 15 tokens (12 in, 3 out) · $0.0021": what the test cost in time and model use. */
function usageLine(run: RunView): string | null {
  const took = run.finished_at ? elapsed(run.started_at ?? run.created_at, run.finished_at) : null;
  const parts = [took === null ? null : `Took ${formatDuration(took)}`, runUsageText(run.steps)];
  const line = parts.filter((part) => part !== null).join(' · ');
  return line === '' ? null : line;
}

/**
 * What came of the test: its outputs when it succeeded; otherwise the run page's own words for a failure
 * (with the failed step to open), a cancellation, or the approvals it waits for. Nothing while it runs.
 */
export function TestOutcome({ run, onOpenStep }: { run: RunView; onOpenStep: (id: string) => void }) {
  if (!isFinalRun(run.status) && run.status !== 'waiting') return null;
  const usage = usageLine(run);
  return (
    <Stack gap={6} data-testid="test-outcome">
      {run.status === 'succeeded' ? (
        <Alert color="green" icon={<IconCircleCheck />} title="The test run succeeded">
          <RunOutputs
            outputs={run.outputs}
            testId="test-outputs"
            empty="The test finished. This workflow declares no outputs yet."
            labelWidth={110}
          />
        </Alert>
      ) : (
        <Box>
          <RunOutcome run={run} onOpenStep={onOpenStep} />
        </Box>
      )}
      {usage !== null && (
        <Text size="xs" c="dimmed" data-testid="test-usage">
          {usage}
        </Text>
      )}
    </Stack>
  );
}
