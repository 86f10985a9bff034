import { Alert, Code, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { sentence } from '../../api/errors';
import type { Problem } from '../../api/types';
import { placeOf } from './problems';

/** Problems found in a workflow, each with where it is in words and the exact path. */
export function ProblemList({
  problems,
  title,
  testId = 'workflow-problems',
}: {
  problems: readonly Problem[];
  title: string;
  testId?: string;
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
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
