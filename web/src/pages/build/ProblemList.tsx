import { Alert, Code, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconAlertTriangle } from '@tabler/icons-react';
import { sentence } from '../../api/errors';
import type { Problem } from '../../api/types';
import { placeOf } from './problems';

/** Problems found in a workflow, each with where it is in words and the exact path, and what can be done about it. */
export function ProblemList({
  problems,
  title,
  testId = 'workflow-problems',
  action,
}: {
  problems: readonly Problem[];
  title: string;
  testId?: string;
  /** Shown under a problem, e.g. a way to go where it is. */
  action?: (problem: Problem) => ReactNode;
}) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title} role="alert" data-testid={testId}>
      <List spacing="xs" size="sm">
        {problems.map((problem, index) => (
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
            {action?.(problem)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
