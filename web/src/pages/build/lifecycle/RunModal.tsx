import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../api/errors';
import type { InputSpec, Problem } from '../../../api/types';
import { QueryState } from '../../../components/QueryState';
import { useLastValue } from '../../../components/useLastValue';
import { InputField } from '../InputField';
import { initialValues, toInputs, type FieldValue } from '../inputValues';
import { ProblemList } from '../ProblemList';
import { splitInputProblems } from '../problems';
import { ActionError } from './ActionError';
import { useRunDeployment, useVersion, useVersionInputs, type WorkflowRef } from './queries';
import type { PipelineStage } from './types';
import { versionLabel } from './words';

interface RunModalProps {
  /** The environment whose live version runs; null when closed. */
  stage: PipelineStage | null;
  workflow: WorkflowRef;
  /**
   * Whether the person may read the version (builders and admins) to build a form of its inputs; operators may run
   * what is live without seeing its definition, and give the inputs as JSON.
   */
  readVersion?: boolean;
  onClose: () => void;
}

function RunInputs({ stage, workflow, inputs, onClose }: { stage: PipelineStage; workflow: WorkflowRef; inputs: Record<string, InputSpec>; onClose: () => void }) {
  const navigate = useNavigate();
  const run = useRunDeployment(workflow);
  const names = Object.keys(inputs);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => initialValues(inputs));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [others, setOthers] = useState<Problem[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = toInputs(inputs, values);
    setErrors(body.errors);
    setOthers([]);
    run.reset();
    if (Object.keys(body.errors).length > 0) return;
    run.mutate(
      { environment: stage.environment.slug, inputs: body.inputs },
      {
        onSuccess: (started) => void navigate(`/runs/${started.id}`),
        onError: (error) => {
          if (!(error instanceof ApiError) || error.problems.length === 0) return;
          const split = splitInputProblems(error.problems, names);
          setErrors(split.byInput);
          setOthers(split.others);
        },
      },
    );
  };
  const handled = run.error instanceof ApiError && run.error.problems.length > 0;

  return (
    <form onSubmit={submit} noValidate data-testid="run-deployment-form">
      <Stack gap="md">
        {names.length === 0 && (
          <Text size="sm" c="dimmed">
            This workflow takes no inputs.
          </Text>
        )}
        {names.map((name) => (
          <InputField
            key={name}
            name={name}
            spec={inputs[name]!}
            value={values[name] ?? null}
            error={errors[name]}
            onChange={(value) => {
              setValues((previous) => ({ ...previous, [name]: value }));
              setErrors(({ [name]: _, ...rest }) => rest);
            }}
          />
        ))}
        {others.length > 0 && <ProblemList problems={others} title="The inputs could not be used" />}
        {!handled && <ActionError error={run.error} title="The run could not start" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" leftSection={<IconPlayerPlay size={16} />} loading={run.isPending}>
            Run
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The inputs as a JSON object, for those who may run a version but not read it; the server checks them. */
function RunJsonInputs({ stage, workflow, onClose }: { stage: PipelineStage; workflow: WorkflowRef; onClose: () => void }) {
  const navigate = useNavigate();
  const run = useRunDeployment(workflow);
  const [text, setText] = useState('{}');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.reset();
    let inputs: unknown;
    try {
      inputs = JSON.parse(text);
    } catch {
      inputs = undefined;
    }
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      setError('Write the inputs as a JSON object, e.g. {"subject": "VPN down"}');
      return;
    }
    setError(null);
    run.mutate(
      { environment: stage.environment.slug, inputs: inputs as Record<string, unknown> },
      { onSuccess: (started) => void navigate(`/runs/${started.id}`) },
    );
  };
  const problems = run.error instanceof ApiError ? run.error.problems : [];
  return (
    <form onSubmit={submit} noValidate data-testid="run-deployment-form">
      <Stack gap="md">
        <Textarea
          label="Inputs (JSON)"
          description="The workflow's inputs as a JSON object; ask its builders which it takes."
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={error}
          autosize
          minRows={4}
          ff="monospace"
        />
        {problems.length > 0 && <ProblemList problems={problems} title="The inputs could not be used" />}
        {problems.length === 0 && <ActionError error={run.error} title="The run could not start" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" leftSection={<IconPlayerPlay size={16} />} loading={run.isPending}>
            Run
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RunForm({ stage, workflow, onClose }: { stage: PipelineStage; workflow: WorkflowRef; onClose: () => void }) {
  const number = stage.live?.version ?? null;
  const version = useVersion(workflow, number);
  const inputs = useVersionInputs(version.data?.definition ?? null);
  const loading = { isError: version.isError || inputs.isError, isPending: version.isPending || inputs.isPending, error: version.error ?? inputs.error };
  return (
    <Stack gap="md">
      <Text size="sm">
        Runs {number === null ? 'what is live' : versionLabel(number)} in {stage.environment.name}, with the connections bound
        there. The run&apos;s page opens once it starts.
      </Text>
      <QueryState query={loading} errorTitle="The inputs of this version could not be loaded" loadingLabel="Loading the inputs" framed={false}>
        {inputs.data && <RunInputs stage={stage} workflow={workflow} inputs={inputs.data} onClose={onClose} />}
      </QueryState>
    </Stack>
  );
}

/** Runs what is live in an environment, with a form built from the live version's inputs; opens the run's page. */
export function RunModal({ stage: current, workflow, readVersion = true, onClose }: RunModalProps) {
  const stage = useLastValue(current);
  const title = stage?.live ? `Run ${versionLabel(stage.live.version)} in ${stage.environment.name}` : '';
  return (
    <Modal opened={current !== null} onClose={onClose} title={title} size="lg">
      {current !== null &&
        (readVersion ? (
          <RunForm stage={current} workflow={workflow} onClose={onClose} />
        ) : (
          <Stack gap="md">
            <Text size="sm">
              Runs {versionLabel(current.live?.version ?? 0)} in {current.environment.name}, with the connections bound there.
              The run&apos;s page opens once it starts.
            </Text>
            <RunJsonInputs stage={current} workflow={workflow} onClose={onClose} />
          </Stack>
        ))}
    </Modal>
  );
}
