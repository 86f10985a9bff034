import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { CurrentUser, Problem, ValidationReport } from '../../api/types';
import { useWorkspaceParam } from '../../components/useWorkspaceParam';
import { WorkspaceSelect } from '../../components/WorkspaceSelect';
import { BUILD_ROLES, workspacesWithRole } from '../../layout/roles';
import { DefinitionEditor } from './DefinitionEditor';
import { EXAMPLE_WORKFLOW } from './example';
import { useValidateWorkflow } from './queries';
import { RunForm } from './RunForm';

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Write a workflow, check it, fill in its inputs and run it as a test in a workspace. */
export function TryWorkflow({ user }: { user: CurrentUser }) {
  const options = workspacesWithRole(user, BUILD_ROLES);
  const [workspace, chooseWorkspace] = useWorkspaceParam(options);
  const validate = useValidateWorkflow();
  const [text, setText] = useState(EXAMPLE_WORKFLOW);
  const [checked, setChecked] = useState<{ text: string; report: ValidationReport } | null>(null);
  const [runProblems, setRunProblems] = useState<Problem[]>([]);

  const check = () => {
    setRunProblems([]);
    validate.mutate(text, { onSuccess: (report) => setChecked({ text, report }) });
  };
  const report = checked?.report ?? null;
  // Rebuilt when the inputs change, keeping what was typed while they stay the same.
  const formKey = JSON.stringify(report?.inputs ?? {});

  return (
    <Stack gap="lg">
      <Text maw={720}>
        Try a workflow: write it (or start from the example), check it, then run it as a test with inputs of your own
        and watch each step as it runs. Test runs happen in the development environment; nothing is published.
      </Text>
      <Card title="1. Write the workflow">
        <DefinitionEditor
          value={text}
          onChange={setText}
          onCheck={check}
          checking={validate.isPending}
          report={report}
          runProblems={runProblems}
          checkError={validate.error}
          stale={checked !== null && checked.text !== text}
        />
      </Card>
      {report?.valid && (
        <Card title="2. Try it out">
          <Stack gap="md">
            {workspace === null ? (
              <Alert color="yellow" title="No workspace to run it in">
                You need the builder role in a workspace to try workflows there. Ask your Paddock administrator.
              </Alert>
            ) : (
              <WorkspaceSelect
                options={options}
                value={workspace}
                onChange={chooseWorkspace}
                label="Run it in"
                description="The workspace whose models and limits apply"
              />
            )}
            <RunForm
              key={formKey}
              inputs={report.inputs}
              definition={text}
              workspace={workspace}
              onDefinitionProblems={setRunProblems}
            />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
