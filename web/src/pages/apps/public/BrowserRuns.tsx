import { Button, Group, Stack, Text } from '@mantine/core';
import { shortId } from '../../runs/origin';
import { relativeTime } from '../format';
import { RunList, RunsSection } from '../run/RunList';
import { KEPT_RUNS, type StoredRun } from './storedRuns';

interface BrowserRunsProps {
  runs: readonly StoredRun[];
  selected: string | null;
  onOpen: (run: StoredRun) => void;
  onForgetAll: () => void;
}

/** The runs started from this browser (kept in it, not on an account), the newest first; each opens with its answer. */
export function BrowserRuns({ runs, selected, onOpen, onForgetAll }: BrowserRunsProps) {
  return (
    <RunsSection titleId="browser-runs-title" title="Your runs in this browser">
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="browser-runs-empty">
          None yet. Each run you start here is kept in this browser, so you can come back to its answer.
        </Text>
      ) : (
        <Stack gap="sm">
          <RunList
            testId="browser-runs"
            rows={runs.map((run) => ({
              id: run.id,
              created_at: run.created_at,
              when: `Started ${relativeTime(run.created_at)}`,
              aside: (
                <Text size="xs" c="dimmed" title={`Run ${run.id}`}>
                  {shortId(run.id)}
                </Text>
              ),
              run,
            }))}
            selected={selected}
            onOpen={(row) => onOpen(row.run)}
          />
          <Text size="xs" c="dimmed">
            Kept in this browser only, the {KEPT_RUNS} latest: anyone who uses it can open them.
          </Text>
          <Group>
            <Button variant="subtle" size="compact-xs" color="gray" onClick={onForgetAll} data-testid="forget-runs">
              Forget these runs
            </Button>
          </Group>
        </Stack>
      )}
    </RunsSection>
  );
}
