import { Group, Stack, Text, Title } from '@mantine/core';
import type { RunView } from '../../api/types';
import { environmentName, useEnvironments } from '../admin/environmentQueries';
import { localTime } from '../audit/format';
import { CancelRunButton } from './CancelRunButton';
import { RetryRunButton } from './RetryRunButton';
import { elapsed, formatDuration, runUsageText } from './format';
import { OriginBadge } from './OriginBadge';
import { startedThroughText } from './origin';
import { isFinalRun } from './status';
import { StatusBadge } from './StatusBadge';

/** When the run started and how long it took (or has been going). */
function timing(run: RunView): string {
  const parts = [`Started ${localTime(run.started_at ?? run.created_at)}`];
  if (run.finished_at) parts.push(`finished ${localTime(run.finished_at)}`);
  const took = elapsed(run.started_at ?? run.created_at, run.finished_at);
  if (took !== null) parts.push(run.finished_at ? `took ${formatDuration(took)} in all` : `${formatDuration(took)} so far`);
  if (!run.started_at && !run.finished_at) return `Queued ${localTime(run.created_at)}: waiting for a worker to pick it up`;
  return parts.join(' · ');
}

/**
 * What the run is: "Run of v2 in Staging" for a deployed version, "Test run in IT Service Desk (Development)"
 * for a draft's test run. The environment shows by its slug while the chain loads or if it cannot be read.
 */
export function runLabel(run: RunView, workspace: string, environment: string): string {
  if (run.version === null || run.version === undefined) return `Test run in ${workspace} (${environment})`;
  return `Run of v${run.version} in ${environment}`;
}

export function RunHeader({ run, workspace }: { run: RunView; workspace: string }) {
  const usage = runUsageText(run.steps);
  const environments = useEnvironments();
  const environment = environmentName(environments.data, run.environment);
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="nowrap">
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={1} size="h2">
            {run.workflow}
          </Title>
          <StatusBadge status={run.status} />
        </Group>
        <Text c="dimmed" size="sm" data-testid="run-label">
          {runLabel(run, workspace, environment)}
        </Text>
        <Group gap="xs" wrap="nowrap" data-testid="run-origin">
          <OriginBadge run={run} withKey={false} />
          <Text size="sm" title={run.api_key ? `API key ${run.api_key}` : run.batch ? `Batch ${run.batch}` : undefined}>
            {startedThroughText(run)}
          </Text>
        </Group>
        <Text size="sm" data-testid="run-timing">
          {timing(run)}
        </Text>
        {usage !== null && (
          <Text size="sm" c="dimmed" data-testid="run-usage">
            {`Model use: ${usage}${isFinalRun(run.status) ? '' : ' so far'}`}
          </Text>
        )}
      </Stack>
      {!isFinalRun(run.status) && <CancelRunButton id={run.id} workflow={run.workflow} requested={run.cancel_requested} />}
      {run.status === 'failed' && <RetryRunButton id={run.id} />}
    </Group>
  );
}
