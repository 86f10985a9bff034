import { Alert, Grid } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { AppForm, type AppFormWords } from './form/AppForm';
import { requestBody } from './form/fields';
import { useAppForm } from './form/useAppForm';
import { environmentWords } from './format';
import { useAppAddress, useStartAppRun } from './queries';
import { RecentRuns } from './RecentRuns';
import { RunPanel } from './RunPanel';
import type { AppDetail } from './types';

/** The title over a refusal to start a run, by the API's error code. */
const START_TITLES: Readonly<Record<string, string>> = {
  invalid_input: 'Some inputs need attention',
  payload_too_large: 'The file is too large',
  not_in_audience: 'This app is not open to you',
  forbidden: 'This app is not open to you',
  frozen: 'This app is paused',
  rate_limited: 'Too many runs just now',
  quota_exceeded: 'The app has reached its limit for now',
};

function startProblem(error: unknown): { title: string; message: string } {
  const code = error instanceof ApiError ? error.code : '';
  const title = START_TITLES[code] ?? 'The run could not start';
  let message = errorMessage(error);
  if (code === 'rate_limited' || code === 'quota_exceeded') message = `${message} Wait a moment, then try again.`;
  if (code === 'frozen') message = `${message} Its team has paused it; try again once they resume it.`;
  return { title, message };
}

const WORDS: AppFormWords = {
  pausedTitle: 'This app is paused',
  paused: 'Its team has paused it for now, so no new run can start. You can still look at your earlier runs.',
  empty: 'This app needs nothing from you: press Run to start it.',
  field: 'field',
  afterSummary: 'The run has not started.',
  othersTitle: 'The inputs could not be used',
  submit: 'Run',
};

/**
 * The Form tab: a field per input of the app, checked in the browser and then by the server (its problems shown
 * under the fields), and, once sent, the run followed live to its result. Beside it, the person's recent runs.
 */
export function FormTab({ app }: { app: AppDetail }) {
  const address = useAppAddress(app);
  const start = useStartAppRun(address);
  const form = useAppForm({ inputs: app.inputs, start });
  const { runId } = form;

  const submit = (event: FormEvent) => {
    const submission = form.check(event);
    if (submission === null) return;
    start.mutate(requestBody(submission), { onSuccess: (run) => form.openRun(run.id, run), onError: form.fail });
  };

  const problem = start.isError ? startProblem(start.error) : null;

  return (
    <Grid gap="lg" ref={form.topRef}>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        {runId !== null ? (
          <RunPanel
            key={runId}
            app={app}
            address={address}
            id={runId}
            seed={form.seed}
            onRunAgain={() => form.reset()}
            onEdit={form.edit}
          />
        ) : (
          <AppForm
            app={app}
            form={form}
            words={WORDS}
            submitIcon={<IconPlayerPlay size={18} />}
            hint={`Runs version ${app.version} in ${environmentWords(app.environment)}. Fields marked * are required.`}
            busy={start.isPending}
            // A refusal not shown under a field: shown above the button.
            problem={
              problem && (
                <Alert color="red" title={problem.title} role="alert" data-testid="start-error">
                  {problem.message}
                </Alert>
              )
            }
            onSubmit={submit}
          />
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <RecentRuns address={address} selected={runId} onOpen={(run) => form.openRun(run.id, run)} />
      </Grid.Col>
    </Grid>
  );
}
