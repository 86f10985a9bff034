import { Anchor } from '@mantine/core';
import type { Problem } from '../../../../api/types';
import { ProblemList } from '../../ProblemList';

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
    <ProblemList
      problems={problems}
      title="Fix these before testing"
      testId="test-definition-problems"
      action={(problem) => {
        const step = problemStep(problem.path, stepIds);
        return (
          step !== null && (
            <Anchor component="button" type="button" size="sm" onClick={() => onSelectStep(step)}>
              {`Show step ${step}`}
            </Anchor>
          )
        );
      }}
    />
  );
}
