import { Paper } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../../api/errors';
import { QueryState } from '../../components/QueryState';
import { isFinalRun } from '../runs/status';
import { appRunsKey, resultUrl, useAppRun } from './queries';
import { ResultDownloads } from './run/ResultDownloads';
import { RunMissing, RunView, sentence, type OpenedRunProps, type RunWords } from './run/RunView';
import type { AppDetail } from './types';

/** What the run says to a colleague signed in: the steps, the reviewer, the app's team. */
function runWords(app: AppDetail): RunWords {
  return {
    succeeded: 'Result',
    queued: 'Queued: it starts as soon as Paddock is free to run it.',
    running: 'Running. This page follows it; the result appears here when it is ready.',
    waitingTitle: (run) => `Waiting for a reviewer to approve step ${run.waiting_for_approval ?? 'of the run'}`,
    waiting:
      'A person must approve this step before the run goes on. It goes on by itself once they do: you may leave this page, and find the result under Your recent runs.',
    failedTitle: 'The run failed',
    noReason: 'No reason was recorded.',
    failedAdvice: `Check what you entered and try again.${app.owner ? ` If it keeps failing, ask the app's team (${app.owner}).` : " If it keeps failing, ask the app's team."}`,
    cancelledTitle: 'The run was cancelled',
    cancelled: (run) => (run.error ? sentence(run.error) : 'It was stopped before it finished.'),
    lostTouch: 'Lost touch with Paddock for a moment; trying again…',
    runAgain: 'Run again',
    edit: 'Change the inputs',
  };
}

interface RunPanelProps extends OpenedRunProps {
  id: string;
}

/** One run of the app, followed live: its progress, what it waits for, then its result or why it failed. */
export function RunPanel({ app, address, id, seed, onRunAgain, onEdit }: RunPanelProps) {
  const queryClient = useQueryClient();
  const query = useAppRun(address, id, seed);
  const run = query.data;
  const ended = run !== undefined && isFinalRun(run.status);

  // The list of recent runs shows the new status as soon as the run ends.
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: appRunsKey(address), exact: true });
  }, [ended, queryClient, address]);

  const missing = query.error instanceof ApiError && query.error.status === 404;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="app-run" data-status={run?.status}>
      {missing ? (
        <RunMissing title="This run could not be found" onRunAgain={onRunAgain}>
          It may belong to someone else, or to an earlier version of this app.
        </RunMissing>
      ) : (
        <QueryState query={query} errorTitle="The run could not be loaded" loadingLabel="Loading the run" framed={false}>
          {run && (
            <RunView
              app={app}
              run={run}
              words={runWords(app)}
              withVersion
              // Links: the session cookie goes along.
              downloads={<ResultDownloads action={(format) => ({ href: resultUrl(app.workspace, app.name, run.id, format) })} />}
              lostTouch={query.isRefetchError}
              onRunAgain={onRunAgain}
              onEdit={onEdit}
            />
          )}
        </QueryState>
      )}
    </Paper>
  );
}
