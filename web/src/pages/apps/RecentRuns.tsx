import { Group, Paper, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { localTime } from '../audit/format';
import { StatusBadge } from '../runs/StatusBadge';
import { isFinalRun } from '../runs/status';
import { relativeTime } from './format';
import { useAppRuns, type AppAddress } from './queries';
import { progressText } from './RunPanel';
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
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="recent-runs-title">
      <Title order={2} size="h5" mb="sm" id="recent-runs-title">
        Your recent runs
      </Title>
      <QueryState query={runs} errorTitle="Your runs could not be loaded" loadingLabel="Loading your runs" framed={false}>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="recent-runs-empty">
            You have not run this app yet. Each run you start appears here, so you can come back to its result.
          </Text>
        ) : (
          <Stack gap={4} data-testid="recent-runs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {shown.map((run) => {
              const current = run.id === selected;
              const line = runLine(run);
              return (
                <li key={run.id}>
                  <UnstyledButton
                    onClick={() => onOpen(run)}
                    aria-current={current ? 'true' : undefined}
                    data-testid={`recent-run-${run.id}`}
                    w="100%"
                    p="xs"
                    style={{
                      borderRadius: 'var(--mantine-radius-sm)',
                      background: current ? 'var(--mantine-primary-color-light)' : undefined,
                    }}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Tooltip label={localTime(run.created_at)} openDelay={300}>
                        <Text size="sm" fw={500}>
                          {relativeTime(run.created_at)}
                        </Text>
                      </Tooltip>
                      <StatusBadge status={run.status} />
                    </Group>
                    {line !== '' && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {line}
                      </Text>
                    )}
                  </UnstyledButton>
                </li>
              );
            })}
          </Stack>
        )}
      </QueryState>
      {(runs.data?.length ?? 0) > SHOWN && (
        <Text size="xs" c="dimmed" mt="xs">
          The {SHOWN} latest are shown.
        </Text>
      )}
    </Paper>
  );
}
