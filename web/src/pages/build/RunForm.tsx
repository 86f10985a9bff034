import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/errors';
import type { InputSpec, Problem } from '../../api/types';
import { InputField } from './InputField';
import { initialValues, toInputs, type FieldValue } from './inputValues';
import { ProblemList } from './ProblemList';
import { splitInputProblems } from './problems';
import { useStartTestRun } from './queries';

interface RunFormProps {
  inputs: Record<string, InputSpec>;
  definition: string;
  /** The workspace to run in; null when the person may run in none. */
  workspace: string | null;
  /** Called with the server's problems in the definition itself, to show them with the editor. */
  onDefinitionProblems: (problems: Problem[]) => void;
}

/** A field per input of the workflow, and Run: starts a test run and opens its page. */
export function RunForm({ inputs, definition, workspace, onDefinitionProblems }: RunFormProps) {
  const navigate = useNavigate();
  const start = useStartTestRun();
  const names = Object.keys(inputs);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => initialValues(inputs));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [others, setOthers] = useState<Problem[]>([]);

  const change = (name: string, value: FieldValue) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    setErrors(({ [name]: _, ...rest }) => rest);
  };

  const fail = (error: Error) => {
    if (!(error instanceof ApiError) || error.problems.length === 0) return;
    if (error.field === 'definition') return onDefinitionProblems(error.problems);
    const split = splitInputProblems(error.problems, names);
    setErrors(split.byInput);
    setOthers(split.others);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = toInputs(inputs, values);
    setErrors(body.errors);
    setOthers([]);
    start.reset();
    onDefinitionProblems([]);
    if (workspace === null || Object.keys(body.errors).length > 0) return;
    start.mutate(
      { slug: workspace, body: { definition, inputs: body.inputs } },
      { onSuccess: (run) => void navigate(`/runs/${run.id}`), onError: fail },
    );
  };

  const handled = start.error instanceof ApiError && start.error.problems.length > 0;
  return (
    <form onSubmit={submit} noValidate data-testid="run-form">
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
            onChange={(value) => change(name, value)}
          />
        ))}
        {others.length > 0 && <ProblemList problems={others} title="The inputs could not be used" />}
        {start.error instanceof ApiError && start.error.field === 'definition' && (
          <Alert color="red" role="alert">
            The workflow has problems, listed under its definition above. Fix them, then run it again.
          </Alert>
        )}
        {start.isError && !handled && (
          <Alert color="red" title="The test run could not start" role="alert">
            {errorMessage(start.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" leftSection={<IconPlayerPlay size={18} />} loading={start.isPending} disabled={workspace === null}>
            Run
          </Button>
          <Text size="sm" c="dimmed">
            Runs in the workspace&apos;s development environment; nothing is published.
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
