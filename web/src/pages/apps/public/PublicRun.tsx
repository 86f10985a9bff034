import { Alert, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../../api/errors';
import type { AppAddress } from '../queries';
import { ResultDownloads } from '../run/ResultDownloads';
import { RunMissing, RunView, type OpenedRunProps, type RunWords } from '../run/RunView';
import { isNotOpen, useDownloadResult, usePublicRun, type RunTicket } from './queries';

/** What the run says to someone not signed in: no steps, no reviewers, no teams. */
const WORDS: RunWords = {
  succeeded: 'Your answer',
  queued: 'Queued: it starts in a moment.',
  running: 'Working on it. The answer appears here when it is ready.',
  waitingTitle: () => 'Waiting for someone to approve it',
  waiting:
    'A person must look at this before it goes on, which may take a while. You may leave this page: the run is kept under Your runs in this browser, so you can come back for the answer.',
  failedTitle: 'It did not work',
  noReason: 'No reason was given.',
  failedAdvice: 'Check your answers and try again.',
  cancelledTitle: 'The run was stopped',
  cancelled: () => 'It was stopped before it finished. Try again.',
  lostTouch: 'Lost touch with the server for a moment; trying again…',
  runAgain: 'Start again',
  edit: 'Change my answers',
};

/** Downloads the run's result: a link cannot carry the run's token, so each file is fetched with it. */
function Downloads({ address, ticket }: { address: AppAddress; ticket: RunTicket }) {
  const download = useDownloadResult(address, ticket);
  return (
    <Stack gap={4} align="flex-end">
      <ResultDownloads
        action={(format) => ({ onClick: () => download.mutate(format), loading: download.isPending && download.variables === format })}
      />
      {download.isError && (
        <Text size="xs" c="red" role="alert" data-testid="download-error">
          The file could not be downloaded. {errorMessage(download.error)}
        </Text>
      )}
    </Stack>
  );
}

interface PublicRunProps extends OpenedRunProps {
  /** The run, with the token that opens it. */
  ticket: RunTicket;
  /** Removes the run from this browser. */
  onForget: () => void;
}

/** One run started from this browser, followed until it ends: its progress, then the answer or why there is none. */
export function PublicRun({ app, address, ticket, seed, onRunAgain, onEdit, onForget }: PublicRunProps) {
  const query = usePublicRun(address, ticket, seed);
  const run = query.data;

  if (isNotOpen(query.error)) {
    return (
      <Paper withBorder radius="md" p="lg" data-testid="app-run" data-status="missing">
        <RunMissing
          title="This run can no longer be opened"
          testId="public-run-missing"
          onRunAgain={onRunAgain}
          more={
            <Button variant="subtle" onClick={onForget} data-testid="forget-run">
              Remove it from this browser
            </Button>
          }
        >
          It may have been removed. Start a new one with the form.
        </RunMissing>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" p="lg" data-testid="app-run" data-status={run?.status}>
      {query.isError && run === undefined ? (
        <Stack gap="sm">
          <Alert color="red" title="The run could not be loaded" role="alert">
            {errorMessage(query.error)}
          </Alert>
          <Group>
            <Button variant="light" onClick={() => void query.refetch()} loading={query.isFetching}>
              Try again
            </Button>
          </Group>
        </Stack>
      ) : run === undefined ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the run">
          <Skeleton height={24} width="40%" />
          <Skeleton height={16} />
          <Skeleton height={60} />
        </Stack>
      ) : (
        <RunView
          app={app}
          run={run}
          words={WORDS}
          downloads={<Downloads address={address} ticket={ticket} />}
          lostTouch={query.isRefetchError}
          // A document's download asks for a session: a link cannot carry the run's token.
          documentLinks={false}
          onRunAgain={onRunAgain}
          onEdit={onEdit}
        />
      )}
    </Paper>
  );
}
