import { Alert, Button, Group, Paper, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconEdit, IconHourglass, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../../api/errors';
import { QueryState } from '../../components/QueryState';
import { localTime } from '../audit/format';
import { StatusBadge } from '../runs/StatusBadge';
import { isFinalRun } from '../runs/status';
import { relativeTime } from './format';
import { appRunsKey, resultUrl, useAppRun, type AppAddress } from './queries';
import { ResultView } from './result/ResultView';
import type { AppDetail, AppRun } from './types';

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

/** What a run that has not succeeded tells the person: that it is queued, waits for a reviewer, failed or was cancelled. */
function RunNotice({ run, app }: { run: AppRun; app: AppDetail }) {
  switch (run.status) {
    case 'queued':
      return (
        <Text size="sm" c="dimmed" data-testid="app-run-notice">
          Queued: it starts as soon as Paddock is free to run it.
        </Text>
      );
    case 'running':
      return (
        <Text size="sm" c="dimmed" data-testid="app-run-notice">
          Running. This page follows it; the result appears here when it is ready.
        </Text>
      );
    case 'waiting':
      return (
        <Alert
          color="yellow"
          icon={<IconHourglass />}
          title={`Waiting for a reviewer to approve step ${run.waiting_for_approval ?? 'of the run'}`}
          data-testid="app-run-waiting"
        >
          A person must approve this step before the run goes on. It goes on by itself once they do: you may leave this page,
          and find the result under Your recent runs.
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" icon={<IconAlertTriangle />} title="The run failed" role="alert" data-testid="app-run-error">
          <Stack gap={4}>
            <Text size="sm">{run.error ? sentence(run.error) : 'No reason was recorded.'}</Text>
            <Text size="sm" c="dimmed">
              Check what you entered and try again.
              {app.owner ? ` If it keeps failing, ask the app's team (${app.owner}).` : " If it keeps failing, ask the app's team."}
            </Text>
          </Stack>
        </Alert>
      );
    case 'cancelled':
      return (
        <Alert color="gray" icon={<IconPlayerStop />} title="The run was cancelled" data-testid="app-run-cancelled">
          {run.error ? sentence(run.error) : 'It was stopped before it finished.'}
        </Alert>
      );
    default:
      return null;
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Links that download the run's result as a file: Markdown to read, JSON to process. */
function Downloads({ app, run }: { app: AppDetail; run: AppRun }) {
  return (
    <Group gap="xs" aria-label="Download the result" role="group">
      <Button
        component="a"
        href={resultUrl(app.workspace, app.name, run.id, 'md')}
        download
        variant="default"
        size="xs"
        leftSection={<IconDownload size={14} />}
        data-testid="download-md"
        aria-label="Download the result as Markdown"
      >
        Markdown
      </Button>
      <Button
        component="a"
        href={resultUrl(app.workspace, app.name, run.id, 'json')}
        download
        variant="default"
        size="xs"
        leftSection={<IconDownload size={14} />}
        data-testid="download-json"
        aria-label="Download the result as JSON"
      >
        JSON
      </Button>
    </Group>
  );
}

interface RunPanelProps {
  app: AppDetail;
  /** Where the page serves the app from. */
  address: AppAddress;
  id: string;
  /** The run as a list already holds it, shown at once. */
  seed?: AppRun | undefined;
  /** Back to an empty form. */
  onRunAgain: () => void;
  /** Back to the form, filled with this run's inputs. */
  onEdit: (run: AppRun) => void;
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
        <Stack gap="sm">
          <Alert color="gray" title="This run could not be found" role="alert">
            It may belong to someone else, or to an earlier version of this app.
          </Alert>
          <Group>
            <Button onClick={onRunAgain} leftSection={<IconRefresh size={16} />}>
              Start a new run
            </Button>
          </Group>
        </Stack>
      ) : (
        <QueryState query={query} errorTitle="The run could not be loaded" loadingLabel="Loading the run" framed={false}>
          {run && (
            <Stack gap="md">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={2}>
                  <Title order={2} size="h4">
                    {run.status === 'succeeded' ? 'Result' : ended ? 'Run ended' : 'Your run'}
                  </Title>
                  <Tooltip label={localTime(run.created_at)} openDelay={300}>
                    <Text size="xs" c="dimmed" w="fit-content">
                      Started {relativeTime(run.created_at)}
                      {run.version != null ? ` · version ${run.version}` : ''}
                    </Text>
                  </Tooltip>
                </Stack>
                {run.status === 'succeeded' && <Downloads app={app} run={run} />}
              </Group>
              <RunProgress run={run} />
              <RunNotice run={run} app={app} />
              {run.status === 'succeeded' && <ResultView declared={app.outputs} outputs={run.outputs} />}
              {query.isRefetchError && !ended && (
                <Text size="xs" c="dimmed" role="status">
                  Lost touch with Paddock for a moment; trying again…
                </Text>
              )}
              <Group gap="xs" mt="xs">
                <Button onClick={onRunAgain} leftSection={<IconRefresh size={16} />} data-testid="run-again">
                  Run again
                </Button>
                <Button variant="subtle" onClick={() => onEdit(run)} leftSection={<IconEdit size={16} />} data-testid="edit-inputs">
                  Change the inputs
                </Button>
              </Group>
            </Stack>
          )}
        </QueryState>
      )}
    </Paper>
  );
}
