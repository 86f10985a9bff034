import { Alert, Anchor, Code, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { sentence } from '../../../../api/errors';
import type { Problem } from '../../../../api/types';
import { placeOf } from '../../problems';

/** The id of the top-level step a problem's path points into (`steps[2].with.prompt` → the third step's id). */
export function problemStep(path: string, stepIds: readonly string[]): string | null {
  const index = /^steps\[(\d+)\]/.exec(path)?.[1];
  return index === undefined ? null : (stepIds[Number(index)] ?? null);
}

interface DefinitionProblemsProps {
  problems: readonly Problem[];
  /** The workflow's step ids in written order, to point at the step a problem is in. */
  stepIds: readonly string[];
  onSelectStep: (id: string) => void;
}

/** What the server found wrong with the workflow when asked to test it, each with where it is and a way to go there. */
export function DefinitionProblems({ problems, stepIds, onSelectStep }: DefinitionProblemsProps) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Fix these before testing" role="alert" data-testid="test-definition-problems">
      <List spacing="xs" size="sm">
        {problems.map((problem, index) => {
          const step = problemStep(problem.path, stepIds);
          return (
            <List.Item key={`${problem.path}-${index}`} data-testid="workflow-problem">
              <Text span size="sm" fw={600}>
                {placeOf(problem.path)}
              </Text>
              {problem.path && (
                <>
                  {' '}
                  <Code>{problem.path}</Code>
                </>
              )}
              <Text size="sm">{sentence(problem.message)}</Text>
              {step !== null && (
                <Anchor component="button" type="button" size="sm" onClick={() => onSelectStep(step)}>
                  {`Show step ${step}`}
                </Anchor>
              )}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
