import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconHourglass, IconPlayerStop } from '@tabler/icons-react';
import type { RunView } from '../../api/types';
import { waitingApprovals } from './approvers';
import { RunOutputs } from './RunOutputs';

/** What came of the run so far: its outputs, its error, what it waits for, or that it was cancelled. */
export function RunOutcome({ run, onOpenStep }: { run: RunView; onOpenStep: (id: string) => void }) {
  if (run.status === 'succeeded') {
    return (
      <Alert color="green" icon={<IconCircleCheck />} title="Result" data-testid="run-result">
        <RunOutputs outputs={run.outputs} testId="run-outputs" empty="The run finished. This workflow declares no outputs." />
      </Alert>
    );
  }
  if (run.status === 'failed') {
    const step = run.failed_step;
    const topLevel = step ? run.definition.steps.some((s) => s.id === step) : false;
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="The run failed" role="alert" data-testid="run-error">
        <Stack gap={4}>
          <Text size="sm">{run.error ?? 'No reason was recorded.'}</Text>
          {step && (
            <Text size="sm">
              At step{' '}
              {topLevel ? (
                <Anchor component="button" type="button" size="sm" onClick={() => onOpenStep(step)}>
                  {step}
                </Anchor>
              ) : (
                <strong>{step}</strong>
              )}
            </Text>
          )}
        </Stack>
      </Alert>
    );
  }
  if (run.status === 'cancelled') {
    return (
      <Alert color="gray" icon={<IconPlayerStop />} title="The run was cancelled" data-testid="run-cancelled">
        {run.error ?? 'Someone cancelled it before it finished.'}
      </Alert>
    );
  }
  const waiting = waitingApprovals(run.steps);
  if (waiting.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="run-waiting">
      {waiting.map((approval) => (
        <Alert key={approval.key} color="yellow" icon={<IconHourglass />} title={`Waiting for approval: ${approval.title}`}>
          {approval.asked
            ? `Asked: ${approval.asked}. The run goes on once one of them decides in their Approvals inbox.`
            : 'The run goes on once an approver decides in their Approvals inbox.'}
        </Alert>
      ))}
    </Stack>
  );
}
