import { Text } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { StatusBadge } from '../runs/StatusBadge';
import { isFinalRun } from '../runs/status';
import { relativeTime } from './format';
import { useAppRuns, type AppAddress } from './queries';
import { RunList, RunsSection } from './run/RunList';
import { progressText } from './run/RunProgress';
import type { AppRun } from './types';

/** How many of the person's runs the list shows. */
const SHOWN = 15;

/** One line under a run's status: why it failed, what it waits for, or how far it came. */
function runLine(run: AppRun): string {
  if (run.status === 'failed') return run.error ?? 'Failed';
  if (run.status === 'waiting') return `Waiting for approval of ${run.waiting_for_approval ?? 'a step'}`;
  if (run.status === 'succeeded') return run.interface === 'batch' ? 'Done, in a batch' : run.interface === 'api' ? 'Done, through the API' : 'Done';
  return isFinalRun(run.status) ? '' : progressText(run);
}

interface RecentRunsProps {
  /** The app, in the environment the page serves it from: the runs there. */
  address: AppAddress;
  /** The run shown now, marked in the list. */
  selected: string | null;
  onOpen: (run: AppRun) => void;
}

/** The person's own latest runs of the app; each opens with its result. */
export function RecentRuns({ address, selected, onOpen }: RecentRunsProps) {
  const runs = useAppRuns(address);
  const shown = (runs.data ?? []).slice(0, SHOWN);
  return (
    <RunsSection titleId="recent-runs-title" title="Your recent runs">
      <QueryState query={runs} errorTitle="Your runs could not be loaded" loadingLabel="Loading your runs" framed={false}>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="recent-runs-empty">
            You have not run this app yet. Each run you start appears here, so you can come back to its result.
          </Text>
        ) : (
          <RunList
            testId="recent-runs"
            rows={shown.map((run) => ({
              id: run.id,
              created_at: run.created_at,
              when: relativeTime(run.created_at),
              aside: <StatusBadge status={run.status} />,
              line: runLine(run),
              run,
            }))}
            selected={selected}
            onOpen={(row) => onOpen(row.run)}
          />
        )}
      </QueryState>
      {(runs.data?.length ?? 0) > SHOWN && (
        <Text size="xs" c="dimmed" mt="xs">
          The {SHOWN} latest are shown.
        </Text>
      )}
    </RunsSection>
  );
}
