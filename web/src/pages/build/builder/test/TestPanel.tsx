import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconServerOff } from '@tabler/icons-react';
import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi } from '../../../../api/ApiContext';
import { ApiError, errorMessage } from '../../../../api/errors';
import type { Problem, RunView } from '../../../../api/types';
import { toInputs, type FieldValue } from '../../inputValues';
import { ProblemList } from '../../ProblemList';
import { splitInputProblems } from '../../problems';
import { useStartTestRun } from '../../queries';
import type { InputDoc } from '../model/types';
import { DefinitionProblems } from './DefinitionProblems';
import { uploadFailure, uploadInFlight, uploadTestFile, type TestFileState } from './testFiles';
import { currentValues } from './testInputs';
import { TestInputFields } from './TestInputFields';
import { isUnknownRerunField, useRerunFromStep } from './testRunQueries';
import { TestRunView } from './TestRunView';

export interface TestPanelProps {
  workspace: string;
  /** The definition being edited, YAML: what is run. */
  definition: string;
  /** The workflow's inputs, which make the form. */
  inputs: Record<string, InputDoc>;
  /** The ids of its steps, in order: they name the places of the definition's problems. */
  stepIds: readonly string[];
  /** The step selected on the canvas: its record is shown first. */
  selectedStep: string | null;
  /** Each step's status by id as the test run goes (`not_started`, `running`, `succeeded`, …); null when there is none. */
  onStepStatuses(statuses: Record<string, string> | null): void;
  onSelectStep(id: string): void;
  /** Values to start the fields with (a template's sample inputs), in place of the inputs' defaults. */
  initialInputs?: Record<string, unknown>;
}

/**
 * "Test in dev": fill in the inputs, run the workflow as edited, watch each step and re-run from one. Given only what it
 * shows, it is not drawn again while a step's settings are typed in.
 */
export const TestPanel = memo(function TestPanel(props: TestPanelProps) {
  const { workspace, definition, inputs, stepIds, selectedStep, onStepStatuses, onSelectStep, initialInputs } = props;
  const { client } = useApi();
  const start = useStartTestRun();
  const rerun = useRerunFromStep();
  const [typed, setTyped] = useState<Record<string, FieldValue>>({});
  /** Each file input's file: uploaded as soon as it is chosen; its upload's id is the input's value (in `typed`). */
  const [files, setFiles] = useState<Record<string, TestFileState>>({});
  /** The latest file chosen for each input: an upload that a later choice overtook is let go. */
  const chosen = useRef<Record<string, File | null>>({});
  const uploading = uploadInFlight(files, Object.keys(inputs));
  const values = currentValues(inputs, typed, initialInputs);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [others, setOthers] = useState<{ title: string; problems: Problem[] }>({ title: '', problems: [] });
  const [definitionProblems, setDefinitionProblems] = useState<Problem[]>([]);
  /** The run shown, and the definition it ran. */
  const [current, setCurrent] = useState<{ id: string; definition: string } | null>(null);

  // The canvas stops showing statuses when the panel goes away.
  const report = useRef(onStepStatuses);
  useEffect(() => {
    report.current = onStepStatuses;
  });
  useEffect(() => () => report.current(null), []);

  const change = (name: string, value: FieldValue) => {
    setTyped((previous) => ({ ...previous, [name]: value }));
    setErrors(({ [name]: _, ...rest }) => rest);
  };

  const setFile = (name: string, update: (state: TestFileState) => TestFileState) =>
    setFiles((previous) => ({ ...previous, [name]: update(previous[name] ?? { uploaded: null, uploading: null }) }));

  const refuseFile = (name: string, message: string) => setErrors((previous) => ({ ...previous, [name]: message }));

  /**
   * A file chosen for a file input is uploaded at once, checked by the server against the draft as it is now; the
   * run is then given its id. A file refused leaves the one uploaded before in place. Null: the file was removed.
   */
  const chooseFile = async (name: string, file: File | null) => {
    chosen.current[name] = file;
    setErrors(({ [name]: _, ...rest }) => rest);
    if (file === null) {
      setFile(name, () => ({ uploaded: null, uploading: null }));
      setTyped((previous) => ({ ...previous, [name]: '' }));
      return;
    }
    setFile(name, (state) => ({ ...state, uploading: { name: file.name, size: file.size } }));
    // The server checks the draft as it is now: problems an earlier upload listed are told again if they remain.
    setDefinitionProblems([]);
    try {
      const uploaded = await uploadTestFile(client, { slug: workspace, definition, input: name, file });
      if (chosen.current[name] !== file) return;
      setFile(name, () => ({ uploaded, uploading: null }));
      setTyped((previous) => ({ ...previous, [name]: uploaded.id }));
    } catch (error) {
      if (chosen.current[name] !== file) return;
      setFile(name, (state) => ({ ...state, uploading: null }));
      const failure = uploadFailure(error, file.name);
      refuseFile(name, failure.message);
      if (failure.definitionProblems.length > 0) setDefinitionProblems(failure.definitionProblems);
    }
  };

  const clearProblems = () => {
    setOthers({ title: '', problems: [] });
    setDefinitionProblems([]);
    start.reset();
    rerun.reset();
  };

  /** The server's problems: in the definition (to fix on the canvas) or with the inputs (under their fields). */
  const fail = (error: Error) => {
    if (!(error instanceof ApiError) || error.problems.length === 0) return;
    if (error.field === 'definition') return setDefinitionProblems(error.problems);
    const split = splitInputProblems(error.problems, Object.keys(inputs));
    setErrors(split.byInput);
    setOthers({ title: 'The inputs could not be used', problems: split.others });
  };

  /** A re-run runs on the earlier run's inputs, not the fields': their problems are listed apart. */
  const failRerun = (error: Error) => {
    if (error instanceof ApiError && error.problems.length > 0 && error.field !== 'definition') {
      return setOthers({ title: 'The earlier test cannot be reused: run the whole test again', problems: error.problems });
    }
    fail(error);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The run waits for the files on their way: it takes their ids.
    if (uploading) return;
    const body = toInputs(inputs, values);
    clearProblems();
    setErrors(body.errors);
    if (Object.keys(body.errors).length > 0) return;
    start.mutate(
      { slug: workspace, body: { definition, inputs: body.inputs } },
      { onSuccess: (run) => setCurrent({ id: run.id, definition }), onError: fail },
    );
  };

  const rerunFrom = (previous: RunView, step: string) => {
    clearProblems();
    rerun.mutate(
      // No inputs: the server takes the earlier run's, from which the results it keeps were made.
      { slug: workspace, body: { definition, rerun: { run: previous.id, from_step: step } } },
      { onSuccess: (run) => setCurrent({ id: run.id, definition }), onError: failRerun },
    );
  };

  const failure = start.error ?? rerun.error;
  const shownElsewhere = failure instanceof ApiError && failure.problems.length > 0;
  return (
    <Stack gap="md" data-testid="test-panel">
      <Stack gap={2}>
        <Title order={2} size="h4">
          Test in dev
        </Title>
        <Text size="sm" c="dimmed">
          Runs the workflow as it is now in the development environment, with the inputs below. Nothing is saved or
          published.
        </Text>
      </Stack>
      <form onSubmit={submit} noValidate data-testid="test-form">
        <Stack gap="md">
          <TestInputFields
            inputs={inputs}
            values={values}
            errors={errors}
            files={files}
            onChange={change}
            onChooseFile={(name, file) => void chooseFile(name, file)}
            onRejectFile={refuseFile}
          />
          {others.problems.length > 0 && <ProblemList problems={others.problems} title={others.title} testId="test-input-problems" />}
          <Button
            type="submit"
            leftSection={<IconPlayerPlay size={18} />}
            loading={start.isPending}
            disabled={rerun.isPending || uploading}
            data-testid="test-run-button"
          >
            {current === null ? 'Run test' : 'Run test again'}
          </Button>
          {uploading && (
            <Text size="xs" c="dimmed" data-testid="test-waiting-for-upload">
              The test can run once the file has uploaded.
            </Text>
          )}
        </Stack>
      </form>
      {definitionProblems.length > 0 && (
        <DefinitionProblems problems={definitionProblems} stepIds={stepIds} onSelectStep={onSelectStep} />
      )}
      {isUnknownRerunField(rerun.error) ? (
        <Alert color="yellow" icon={<IconServerOff />} title="Re-running from a step needs a newer server" data-testid="test-rerun-unsupported">
          This Paddock server cannot re-run part of a test yet. Run the whole test again instead.
        </Alert>
      ) : (
        failure !== null &&
        !shownElsewhere && (
          <Alert color="red" title={rerun.error ? 'The re-run could not start' : 'The test run could not start'} role="alert">
            {failure instanceof ApiError ? failure.fieldMessage : errorMessage(failure)}
          </Alert>
        )
      )}
      {current !== null ? (
        <TestRunView
          key={current.id}
          runId={current.id}
          selectedStep={selectedStep}
          changed={current.definition !== definition}
          onStepStatuses={onStepStatuses}
          onSelectStep={onSelectStep}
          onRerun={rerunFrom}
          rerunning={rerun.isPending ? (rerun.variables?.body.rerun.from_step ?? null) : null}
        />
      ) : (
        selectedStep !== null && (
          <Text size="sm" c="dimmed" data-testid="test-hint">
            Run a test to see what step {selectedStep} receives and produces.
          </Text>
        )
      )}
    </Stack>
  );
});
