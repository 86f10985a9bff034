import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconClock, IconDownload, IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../../../api/errors';
import { localTime } from '../../audit/format';
import {
  batchActions,
  batchStatus,
  etaWords,
  notStarted,
  percentDone,
  progressParts,
  progressSentence,
  rows,
  runsFailed,
  type BatchView,
} from './progress';
import { resultsUrl, useBatchAction, type BatchAction, type BatchApp } from './queries';

/** The coloured bar: succeeded, failed and running now, of every row. */
export function BatchBar({ batch, size = 'xl', testId = 'batch-bar' }: { batch: BatchView; size?: 'sm' | 'md' | 'lg' | 'xl'; testId?: string }) {
  const parts = progressParts(batch);
  const done = percentDone(batch);
  return (
    <Progress.Root size={size} radius="xl" role="group" aria-label={`${done}% done: ${progressSentence(batch)}`} data-testid={testId}>
      {parts.map((part) => (
        <Tooltip key={part.key} label={`${rows(part.count)} ${part.label}`} openDelay={200}>
          <Progress.Section
            value={part.percent}
            color={part.color}
            striped={part.key === 'in_progress'}
            animated={part.key === 'in_progress' && batch.status === 'running'}
            aria-label={`${rows(part.count)} ${part.label}`}
            data-testid={`${testId}-${part.key}`}
          />
        </Tooltip>
      ))}
    </Progress.Root>
  );
}

function Legend({ batch }: { batch: BatchView }) {
  const items = [
    { key: 'succeeded', color: 'teal', label: 'Succeeded', count: batch.succeeded },
    { key: 'failed', color: 'red', label: batch.invalid > 0 ? `Failed (${batch.invalid.toLocaleString('en')} could not run)` : 'Failed', count: batch.failed },
    { key: 'in-progress', color: 'blue', label: 'Running now', count: batch.in_progress },
    { key: 'not-started', color: 'gray', label: batch.status === 'cancelled' ? 'Held' : 'Not started', count: notStarted(batch) },
  ];
  // Succeeded and failed always; the others while there are some.
  const shown = items.filter((item, index) => index < 2 || item.count > 0);
  return (
    <Group gap="lg" data-testid="batch-legend">
      {shown.map((item) => (
        <Group key={item.key} gap={6} wrap="nowrap" data-testid={`batch-count-${item.key}`}>
          <span
            aria-hidden
            style={{
              width: 10,
              height: 10,
              borderRadius: 5,
              background: `var(--mantine-color-${item.color}-${item.color === 'gray' ? 3 : 6})`,
              display: 'inline-block',
            }}
          />
          <Text size="sm">
            <Text span fw={700}>
              {item.count.toLocaleString('en')}
            </Text>{' '}
            {item.label.toLowerCase()}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

const DONE: Readonly<Record<BatchAction, (batch: BatchView) => string>> = {
  cancel: () => 'Cancelled: rows not started are held, and runs in flight are asked to stop. Resume it to run the rest.',
  resume: (batch) => `Resumed: ${rows(notStarted(batch) + batch.in_progress)} to run.`,
  retry: () => 'The failed rows are running again.',
};

/**
 * Where a batch stands, kept up to date every second while it runs: a bar of rows succeeded, failed and running, how
 * long is left, and what may be done — cancel, resume, retry the failed rows, download the results.
 */
export function BatchProgress({ batch, target }: { batch: BatchView; target: BatchApp }) {
  const action = useBatchAction(target, batch.id);
  const can = batchActions(batch);
  const status = batchStatus(batch);
  const eta = etaWords(batch);
  const act = (which: BatchAction) => action.mutate(which);
  const nothingToRetry = action.error instanceof ApiError && action.error.code === 'invalid_input';

  return (
    <Paper withBorder radius="md" p="lg" data-testid="batch-progress">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="sm">
              <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }} data-testid="batch-source">
                {batch.source_name}
              </Title>
              <Badge color={status.color} variant="light" tt="none" data-testid="batch-status">
                {status.label}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {rows(batch.total)} · started {localTime(batch.created_at)}
              {batch.finished_at ? ` · ended ${localTime(batch.finished_at)}` : ''} · {batch.concurrency} at a time · version {batch.version}
            </Text>
          </Stack>
          <Text fw={700} size="xl" data-testid="batch-percent">
            {percentDone(batch)}%
          </Text>
        </Group>
        <BatchBar batch={batch} />
        <Legend batch={batch} />
        {eta !== null && (
          <Group gap={6} data-testid="batch-eta">
            <IconClock size={16} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              {eta}
            </Text>
          </Group>
        )}
        {batch.status === 'finished' && (
          <Text size="sm" data-testid="batch-summary">
            {batch.failed === 0
              ? `Every row ran successfully. Download the results to see each row's outputs.`
              : `${rows(batch.succeeded)} ran successfully and ${rows(batch.failed)} did not. The results say why for each; ${
                  runsFailed(batch) > 0 ? 'retry the failed runs, or fix the rows and run them again.' : 'fix those rows in the table and run them again.'
                }`}
          </Text>
        )}
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            {can.cancel && (
              <Button variant="light" color="red" leftSection={<IconPlayerPause size={16} />} loading={action.isPending && action.variables === 'cancel'} onClick={() => act('cancel')} data-testid="batch-cancel">
                Cancel
              </Button>
            )}
            {can.resume && (
              <Button variant="light" leftSection={<IconPlayerPlay size={16} />} loading={action.isPending && action.variables === 'resume'} onClick={() => act('resume')} data-testid="batch-resume">
                Resume
              </Button>
            )}
            {can.retry && (
              <Button variant="light" leftSection={<IconRefresh size={16} />} loading={action.isPending && action.variables === 'retry'} onClick={() => act('retry')} data-testid="batch-retry">
                Retry {rows(runsFailed(batch))} that failed
              </Button>
            )}
          </Group>
          <Group gap="xs">
            <Button component="a" href={resultsUrl(batch.id, 'csv')} download variant="default" leftSection={<IconDownload size={16} />} data-testid="batch-download-csv">
              Results (CSV)
            </Button>
            <Button component="a" href={resultsUrl(batch.id, 'jsonl')} download variant="default" leftSection={<IconDownload size={16} />} data-testid="batch-download-jsonl">
              Results (JSON Lines)
            </Button>
          </Group>
        </Group>
        {action.isSuccess && action.variables !== undefined && (
          <Text size="sm" c="dimmed" role="status" data-testid="batch-action-done">
            {DONE[action.variables](action.data)}
          </Text>
        )}
        {action.isError && (
          <Alert color={nothingToRetry ? 'yellow' : 'red'} title={nothingToRetry ? 'Nothing to do' : 'That did not work'} role="alert" data-testid="batch-action-error">
            {errorMessage(action.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
