import { Alert, Grid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconSend } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useParams } from 'react-router';
import { AppForm, type AppFormWords } from '../form/AppForm';
import { useAppForm } from '../form/useAppForm';
import { appPath } from '../paths';
import { useEnvironmentParam, type AppAddress } from '../queries';
import type { AppDetail } from '../types';
import { BrowserRuns } from './BrowserRuns';
import { PublicAppError, PublicAppLoading } from './PublicAppStates';
import { PublicRun } from './PublicRun';
import { PublicHeader, PublicShell, SignInLink } from './PublicShell';
import { usePublicApp, useStartPublicRun } from './queries';
import { useStoredRuns } from './storedRuns';
import { PAUSED_TEXT, startProblem } from './words';

const WORDS: AppFormWords = {
  pausedTitle: 'Paused',
  paused: `${PAUSED_TEXT} Try again later.`,
  empty: 'Nothing to fill in: press Submit to start.',
  field: 'answer',
  othersTitle: 'Some answers could not be used',
  submit: 'Submit',
};

/** The form of an app open to the public, the run it started followed to its answer, and the runs kept in this browser. */
function PublicApp({ app, address }: { app: AppDetail; address: AppAddress }) {
  const stored = useStoredRuns(address.workspace, address.app);
  const start = useStartPublicRun(address);
  // Only the inputs' problems go under the fields; any other refusal is said in plain words above the button.
  const form = useAppForm({ inputs: app.inputs, start, placeable: (error) => error.code === 'invalid_input' });

  // A run named by the address opens when this browser holds its token; any other, the form.
  const ticket = stored.runs.find((run) => run.id === form.runId) ?? null;
  const signInTo = appPath(address.workspace, address.app, address.environment);

  const submit = (event: FormEvent) => {
    const submission = form.check(event);
    if (submission === null) return;
    start.mutate(submission.inputs, {
      onSuccess: ({ follow_token: token, ...run }) => {
        stored.add({ id: run.id, token, created_at: run.created_at });
        form.openRun(run.id, run);
      },
      onError: form.fail,
    });
  };

  const problem = start.isError ? startProblem(start.error) : null;

  return (
    <div ref={form.topRef}>
      <PublicHeader app={app} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {ticket !== null ? (
            <PublicRun
              key={ticket.id}
              app={app}
              address={address}
              ticket={ticket}
              seed={form.seed}
              onRunAgain={() => form.reset()}
              onEdit={form.edit}
              onForget={() => {
                stored.forget(ticket.id);
                form.reset();
              }}
            />
          ) : (
            <AppForm
              app={app}
              form={form}
              words={WORDS}
              submitIcon={<IconSend size={18} />}
              hint={app.inputs.some((input) => input.required) ? 'Fields marked * are required.' : ''}
              busy={start.isPending}
              problem={
                problem && (
                  <Alert
                    color={problem.signIn ? 'gray' : 'red'}
                    icon={problem.signIn ? <IconLock /> : <IconAlertTriangle />}
                    title={problem.title}
                    role="alert"
                    data-testid="start-error"
                  >
                    <Stack gap="xs" align="flex-start">
                      <Text size="sm">{problem.message}</Text>
                      {problem.signIn && <SignInLink to={signInTo} variant="default" />}
                    </Stack>
                  </Alert>
                )
              }
              onSubmit={submit}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <BrowserRuns
            runs={stored.runs}
            selected={ticket?.id ?? null}
            onOpen={(run) => form.openRun(run.id)}
            onForgetAll={() => {
              stored.forgetAll();
              if (ticket !== null) form.reset();
            }}
          />
        </Grid.Col>
      </Grid>
    </div>
  );
}

/** The app's public page: its form when it is open to the public, else why not, in words. */
function PublicAppView({ address }: { address: AppAddress }) {
  const app = usePublicApp(address);
  if (app.isPending) return <PublicAppLoading />;
  if (app.isError) {
    return (
      <PublicAppError
        error={app.error}
        signInTo={appPath(address.workspace, address.app, address.environment)}
        onRetry={() => void app.refetch()}
        retrying={app.isFetching}
      />
    );
  }
  return <PublicApp app={app.data} address={address} />;
}

/** /p/:workspace/:app[?environment=<slug>]: an app's form for people who are not signed in, when it is open to them. */
export function PublicAppPage() {
  const { workspace = '', app = '' } = useParams();
  const environment = useEnvironmentParam();
  return (
    <PublicShell signInTo={appPath(workspace, app, environment)}>
      <PublicAppView key={`${workspace}/${app}/${environment ?? ''}`} address={{ workspace, app, environment }} />
    </PublicShell>
  );
}
