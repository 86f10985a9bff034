import { Alert, Anchor, Box, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../../api/errors';
import type { RunView } from '../../../../api/types';
import { CancelRunButton } from '../../../runs/CancelRunButton';
import { useRun, useStepKinds } from '../../../runs/queries';
import { RunProgress } from '../../../runs/RunProgress';
import { isFinalRun } from '../../../runs/status';
import { StatusBadge } from '../../../runs/StatusBadge';
import { runSteps, selectedFirst, stepStatuses } from './stepStatuses';
import { TestOutcome } from './TestOutcome';
import { TestStepList } from './TestStepList';

interface TestRunViewProps {
  runId: string;
  selectedStep: string | null;
  /** Whether the workflow was changed after this run started: its results may no longer match it. */
  changed: boolean;
  onStepStatuses: (statuses: Record<string, string>) => void;
  onSelectStep: (id: string) => void;
  /** Asks for a run from step `step` of `run`. */
  onRerun: (run: RunView, step: string) => void;
  rerunning: string | null;
}

/** The steps open in the list: the one selected on the canvas opens as it is selected, and stays open until closed. */
function useOpenedSteps(selectedStep: string | null) {
  const [opened, setOpened] = useState<string[]>(selectedStep === null ? [] : [selectedStep]);
  const [lastSelected, setLastSelected] = useState(selectedStep);
  if (selectedStep !== lastSelected) {
    setLastSelected(selectedStep);
    if (selectedStep !== null && !opened.includes(selectedStep)) setOpened([selectedStep, ...opened]);
  }
  return [opened, setOpened] as const;
}

/** One test run as it goes (polled until it ends): progress, outcome, and every step's record. */
export function TestRunView({ runId, selectedStep, changed, onStepStatuses, onSelectStep, onRerun, rerunning }: TestRunViewProps) {
  const run = useRun(runId);
  const kinds = useStepKinds();
  const [opened, setOpened] = useOpenedSteps(selectedStep);
  const steps = useMemo(() => (run.data ? runSteps(run.data) : []), [run.data]);
  const titleOf = useCallback((uses: string) => kinds.data?.find((kind) => kind.name === uses)?.title ?? uses, [kinds.data]);

  // The canvas is told only when a status changes, not at every poll; the latest callback is used.
  const report = useRef(onStepStatuses);
  useEffect(() => {
    report.current = onStepStatuses;
  });
  // Compared as text: a poll that changes nothing gives equal text, where it would give a new object.
  const statuses = JSON.stringify(stepStatuses(steps));
  const loaded = run.data !== undefined;
  useEffect(() => {
    if (loaded) report.current(JSON.parse(statuses) as Record<string, string>);
  }, [statuses, loaded]);

  if (run.isError) {
    return (
      <Alert color="red" title="The test run could not be followed" role="alert">
        {errorMessage(run.error)}
      </Alert>
    );
  }
  const data = run.data;
  if (!data) return <Skeleton height={80} aria-label="Loading the test run" />;

  const ended = isFinalRun(data.status);
  const openStep = (id: string) => {
    setOpened((previous) => (previous.includes(id) ? previous : [id, ...previous]));
    onSelectStep(id);
  };
  return (
    <Stack gap="md" data-testid="test-run" data-run={data.id}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <StatusBadge status={data.status} />
          <Anchor component={Link} to={`/runs/${encodeURIComponent(data.id)}`} size="sm">
            Open the run page
          </Anchor>
        </Group>
        {!ended && <CancelRunButton id={data.id} workflow={data.workflow} requested={data.cancel_requested} />}
      </Group>
      {changed && (
        <Text size="sm" c="orange.8" data-testid="test-stale">
          <IconPencil size={14} style={{ verticalAlign: 'middle' }} aria-hidden /> You changed the workflow after this test
          started. Run it again to test your changes.
        </Text>
      )}
      <Box data-testid="test-progress">
        <RunProgress steps={steps} status={data.status} />
      </Box>
      <TestOutcome run={data} onOpenStep={openStep} />
      {ended && steps.some((step) => step.status === 'succeeded' || step.status === 'failed') && (
        <Text size="xs" c="dimmed">
          Changed a step? Open it and choose “Re-run from this step”: it runs again with the workflow as it is now,
          along with every step after it, while the steps before it keep their results from this run.
        </Text>
      )}
      <TestStepList
        steps={selectedFirst(steps, selectedStep)}
        runEnded={ended}
        selectedStep={selectedStep}
        opened={opened}
        onOpenedChange={setOpened}
        titleOf={titleOf}
        onSelectStep={onSelectStep}
        onRerun={(step) => onRerun(data, step)}
        rerunning={rerunning}
      />
    </Stack>
  );
}
