import { Alert, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconEdit, IconHourglass, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { localTime } from '../../audit/format';
import { isFinalRun } from '../../runs/status';
import { relativeTime } from '../format';
import type { AppAddress } from '../queries';
import { ResultView } from '../result/ResultView';
import type { AppDetail, AppRun } from '../types';
import { RunProgress } from './RunProgress';

/** What a run's view says, in the words of the page that shows it (a colleague's, or a visitor's). */
export interface RunWords {
  /** The title over a run that succeeded. */
  succeeded: string;
  queued: string;
  running: string;
  waitingTitle: (run: AppRun) => string;
  waiting: string;
  failedTitle: string;
  /** Under a failed run that gave no reason. */
  noReason: string;
  /** Under the reason a run failed: what to do next. */
  failedAdvice: string;
  cancelledTitle: string;
  cancelled: (run: AppRun) => string;
  /** While the run is asked for again after a failed ask. */
  lostTouch: string;
  /** Back to an empty form. */
  runAgain: string;
  /** Back to the form, filled with the run's inputs. */
  edit: string;
}

/** "the steps failed" → "The steps failed.": a reason as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** What a run that has not succeeded tells the person: queued, going, waiting for someone, failed or stopped. */
function RunNotice({ run, words }: { run: AppRun; words: RunWords }) {
  switch (run.status) {
    case 'queued':
      return (
        <Text size="sm" c="dimmed" data-testid="app-run-notice">
          {words.queued}
        </Text>
      );
    case 'running':
      return (
        <Text size="sm" c="dimmed" data-testid="app-run-notice">
          {words.running}
        </Text>
      );
    case 'waiting':
      return (
        <Alert color="yellow" icon={<IconHourglass />} title={words.waitingTitle(run)} data-testid="app-run-waiting">
          {words.waiting}
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" icon={<IconAlertTriangle />} title={words.failedTitle} role="alert" data-testid="app-run-error">
          <Stack gap={4}>
            <Text size="sm">{run.error ? sentence(run.error) : words.noReason}</Text>
            <Text size="sm" c="dimmed">
              {words.failedAdvice}
            </Text>
          </Stack>
        </Alert>
      );
    case 'cancelled':
      return (
        <Alert color="gray" icon={<IconPlayerStop />} title={words.cancelledTitle} data-testid="app-run-cancelled">
          {words.cancelled(run)}
        </Alert>
      );
    default:
      return null;
  }
}

interface RunViewProps {
  app: AppDetail;
  run: AppRun;
  words: RunWords;
  /** Whether the line under the title names the version that ran. */
  withVersion?: boolean;
  /** How the result is downloaded, shown once the run has succeeded. */
  downloads: ReactNode;
  /** Whether the last ask for the run failed (it is asked again). */
  lostTouch: boolean;
  /** Whether the documents the run wrote are offered as links: only to someone signed in (true unless said). */
  documentLinks?: boolean;
  onRunAgain: () => void;
  onEdit: (run: AppRun) => void;
}

/** A run as it is now: when it started, its progress, what it waits for, then its result or why there is none. */
export function RunView({ app, run, words, withVersion = false, downloads, lostTouch, documentLinks = true, onRunAgain, onEdit }: RunViewProps) {
  const ended = isFinalRun(run.status);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {run.status === 'succeeded' ? words.succeeded : ended ? 'Run ended' : 'Your run'}
          </Title>
          <Tooltip label={localTime(run.created_at)} openDelay={300}>
            <Text size="xs" c="dimmed" w="fit-content">
              Started {relativeTime(run.created_at)}
              {withVersion && run.version != null ? ` · version ${run.version}` : ''}
            </Text>
          </Tooltip>
        </Stack>
        {run.status === 'succeeded' && downloads}
      </Group>
      <RunProgress run={run} />
      <RunNotice run={run} words={words} />
      {run.status === 'succeeded' && <ResultView declared={app.outputs} outputs={run.outputs} documentLinks={documentLinks} />}
      {lostTouch && !ended && (
        <Text size="xs" c="dimmed" role="status">
          {words.lostTouch}
        </Text>
      )}
      <Group gap="xs" mt="xs">
        <Button onClick={onRunAgain} leftSection={<IconRefresh size={16} />} data-testid="run-again">
          {words.runAgain}
        </Button>
        <Button variant="subtle" onClick={() => onEdit(run)} leftSection={<IconEdit size={16} />} data-testid="edit-inputs">
          {words.edit}
        </Button>
      </Group>
    </Stack>
  );
}

/** What a page hands the panel of a run it opens in place of its form. */
export interface OpenedRunProps {
  app: AppDetail;
  /** Where the page serves the app from. */
  address: AppAddress;
  /** The run as the page already holds it, shown at once. */
  seed?: AppRun | undefined;
  /** Back to an empty form. */
  onRunAgain: () => void;
  /** Back to the form, filled with this run's inputs. */
  onEdit: (run: AppRun) => void;
}

interface RunMissingProps {
  title: string;
  /** Why it may be missing. */
  children: ReactNode;
  testId?: string;
  onRunAgain: () => void;
  /** More ways on, after starting a new run. */
  more?: ReactNode;
}

/** A run the page cannot open any more (or never could), and the way back to the form. */
export function RunMissing({ title, children, testId, onRunAgain, more }: RunMissingProps) {
  return (
    <Stack gap="sm">
      <Alert color="gray" title={title} role="alert" data-testid={testId}>
        {children}
      </Alert>
      <Group gap="xs">
        <Button onClick={onRunAgain} leftSection={<IconRefresh size={16} />}>
          Start a new run
        </Button>
        {more}
      </Group>
    </Stack>
  );
}
