import { Alert, Button, Grid, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/errors';
import { AppInputField } from './form/AppInputField';
import {
  initialValues,
  problemsByField,
  requestBody,
  toSubmission,
  valuesFromRun,
  type FieldErrors,
  type FieldValue,
  type FormValues,
} from './form/fields';
import { environmentWords } from './format';
import { useAppAddress, useStartAppRun } from './queries';
import { RecentRuns } from './RecentRuns';
import { RunPanel } from './RunPanel';
import type { AppDetail, AppRun } from './types';

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

/** Brings the first field that needs attention into view and puts the cursor there. */
function focusField(form: HTMLFormElement | null, name: string | undefined) {
  if (!form || name === undefined) return;
  // Input names are identifiers (letters, digits, `_`), safe in a selector as they are.
  const field = form.querySelector<HTMLElement>(`[name="${name}"]`);
  const wrapper = form.querySelector<HTMLElement>(`[data-field="${name}"]`);
  wrapper?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (field && field.getAttribute('type') !== 'file') field.focus({ preventScroll: true });
}

/**
 * The Form tab: a field per input of the app, checked in the browser and then by the server (its problems shown
 * under the fields), and, once sent, the run followed live to its result. Beside it, the person's recent runs.
 */
export function FormTab({ app }: { app: AppDetail }) {
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const address = useAppAddress(app);
  const start = useStartAppRun(address);
  const [values, setValues] = useState<FormValues>(() => initialValues(app.inputs));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [others, setOthers] = useState<string[]>([]);
  /** Whether the server's refusal was shown under the fields (else above the button). */
  const [placed, setPlaced] = useState(false);
  /** Whether Run was pressed since the form was last reset: only then does a summary of the fields at fault show. */
  const [tried, setTried] = useState(false);
  const [seed, setSeed] = useState<AppRun | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  const top = useRef<HTMLDivElement>(null);

  const openRun = (run: AppRun | null) => {
    setSeed(run ?? undefined);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (run === null) next.delete('run');
        else next.set('run', run.id);
        return next;
      },
      { replace: run === null },
    );
    top.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const change = (name: string, value: FieldValue) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    setErrors(({ [name]: _, ...rest }) => rest);
  };
  const reject = (name: string, message: string) => {
    setValues((previous) => ({ ...previous, [name]: null }));
    setErrors((previous) => ({ ...previous, [name]: message }));
  };

  const reset = (filled: FormValues) => {
    setValues(filled);
    setErrors({});
    setOthers([]);
    setTried(false);
    start.reset();
    openRun(null);
  };

  const fail = (error: Error) => {
    if (!(error instanceof ApiError)) return;
    const { byField, others: rest } = problemsByField(app.inputs, error);
    setErrors(byField);
    setOthers(rest);
    setPlaced(Object.keys(byField).length > 0 || rest.length > 0);
    focusField(form.current, app.inputs.find((input) => byField[input.name] !== undefined)?.name);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const submission = toSubmission(app.inputs, values);
    setErrors(submission.errors);
    setOthers([]);
    setPlaced(false);
    setTried(true);
    start.reset();
    const invalid = app.inputs.find((input) => submission.errors[input.name] !== undefined);
    if (invalid !== undefined) {
      focusField(form.current, invalid.name);
      return;
    }
    start.mutate(requestBody(submission), { onSuccess: (run) => openRun(run), onError: fail });
  };

  const fieldErrors = Object.keys(errors).length;
  // A refusal not shown under a field: shown above the button.
  const unplaced = start.isError && !placed;
  const problem = start.isError ? startProblem(start.error) : null;

  return (
    <Grid gap="lg" ref={top}>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        {runId !== null ? (
          <RunPanel
            key={runId}
            app={app}
            address={address}
            id={runId}
            seed={seed?.id === runId ? seed : undefined}
            onRunAgain={() => reset(initialValues(app.inputs))}
            onEdit={(run) => reset(valuesFromRun(app.inputs, run.inputs))}
          />
        ) : (
          <Paper withBorder radius="md" p="lg">
            <form ref={form} onSubmit={submit} noValidate data-testid="app-form" aria-label={`${app.name} form`}>
              <Stack gap="lg">
                {app.frozen && (
                  <Alert color="orange" icon={<IconPlayerPause />} title="This app is paused" data-testid="app-paused">
                    Its team has paused it for now, so no new run can start. You can still look at your earlier runs.
                  </Alert>
                )}
                {app.inputs.length === 0 && (
                  <Text size="sm" c="dimmed">
                    This app needs nothing from you: press Run to start it.
                  </Text>
                )}
                {app.inputs.map((input) => (
                  <div key={input.name} data-field={input.name}>
                    <AppInputField
                      input={input}
                      value={values[input.name] ?? null}
                      error={errors[input.name]}
                      disabled={start.isPending}
                      onChange={(value) => change(input.name, value)}
                      onReject={(message) => reject(input.name, message)}
                    />
                  </div>
                ))}
                {tried && fieldErrors > 0 && (
                  <Alert color="red" icon={<IconAlertTriangle />} role="alert" data-testid="form-errors" py="xs">
                    {fieldErrors === 1 ? 'One field needs' : `${fieldErrors} fields need`} your attention: see the message
                    {fieldErrors === 1 ? '' : 's'} in red above. The run has not started.
                  </Alert>
                )}
                {others.length > 0 && (
                  <Alert color="red" title="The inputs could not be used" role="alert" data-testid="form-other-errors">
                    <List size="sm">
                      {others.map((other) => (
                        <List.Item key={other}>{other}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                {unplaced && problem && (
                  <Alert color="red" title={problem.title} role="alert" data-testid="start-error">
                    {problem.message}
                  </Alert>
                )}
                <Group gap="md">
                  <Button
                    type="submit"
                    leftSection={<IconPlayerPlay size={18} />}
                    loading={start.isPending}
                    disabled={app.frozen}
                    data-testid="app-run-submit"
                  >
                    Run
                  </Button>
                  <Text size="sm" c="dimmed">
                    {start.isPending
                      ? 'Sending…'
                      : `Runs version ${app.version} in ${environmentWords(app.environment)}. Fields marked * are required.`}
                  </Text>
                </Group>
              </Stack>
            </form>
          </Paper>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <RecentRuns address={address} selected={runId} onOpen={openRun} />
      </Grid.Col>
    </Grid>
  );
}
