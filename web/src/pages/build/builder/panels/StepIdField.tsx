import { Code, TextInput } from '@mantine/core';
import { memo, useEffect, useState } from 'react';
import { nameProblem } from './inputTypes';

interface StepIdFieldProps {
  id: string;
  /** The ids of the workflow's other steps: a step needs its own. */
  taken: string[];
  /** What the server says of the id. */
  problems: string[];
  onRename: (oldId: string, newId: string) => void;
}

/**
 * The step's name, which later steps use to read its result. A rename is applied when the field is left (or on Enter)
 * and only when the new name is valid, so that references are never rewritten to a half-typed name.
 */
export const StepIdField = memo(function StepIdField({ id, taken, problems, onRename }: StepIdFieldProps) {
  const [draft, setDraft] = useState(id);
  useEffect(() => setDraft(id), [id]);
  const problem = draft === id ? null : nameProblem(draft, taken, 'step');
  const commit = () => {
    if (draft !== id && problem === null) onRename(id, draft);
  };
  const messages = problem !== null ? [problem] : problems;
  return (
    <TextInput
      label="Step name"
      description={
        <>
          Later steps use its result as <Code fz="xs">{`steps.${draft || id}.output`}</Code>
        </>
      }
      required
      value={draft}
      error={messages.length > 0 ? messages.join(' ') : undefined}
      data-testid="step-id"
      spellCheck={false}
      autoComplete="off"
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(id);
      }}
    />
  );
});
