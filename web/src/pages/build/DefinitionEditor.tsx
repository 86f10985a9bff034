import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck, IconListCheck } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { Problem, ValidationReport } from '../../api/types';
import { ProblemList } from './ProblemList';

interface DefinitionEditorProps {
  value: string;
  onChange: (value: string) => void;
  onCheck: () => void;
  checking: boolean;
  /** The last check's report, while the text is the one checked. */
  report: ValidationReport | null;
  /** The problems to list (found by the last check, save or run) and what to call them; null for none. */
  problems: ShownProblems | null;
  checkError: unknown;
  /** Whether the text changed since the last check. */
  stale: boolean;
  /** Said under the editor's label. */
  description?: string;
}

export interface ShownProblems {
  problems: readonly Problem[];
  title: string;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "this problem", "these 3 problems". */
export function theseProblems(count: number): string {
  return count === 1 ? 'this problem' : `these ${count} problems`;
}

/** The workflow as text, a Check button, and what the last check (or save, or run) found. */
export function DefinitionEditor(props: DefinitionEditorProps) {
  const { value, onChange, onCheck, checking, report, problems, checkError, stale } = props;
  const { description = 'Written in YAML or JSON. Start from the example, or paste your own.' } = props;
  return (
    <Stack gap="sm">
      <Textarea
        label="Workflow definition"
        description={description}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        autosize
        minRows={12}
        maxRows={20}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      />
      <Group gap="md">
        <Button variant="light" leftSection={<IconListCheck size={18} />} onClick={onCheck} loading={checking}>
          Check
        </Button>
        {stale && (
          <Text size="sm" c="dimmed" data-testid="check-stale">
            You changed the workflow since the last check: check it again to update the form below.
          </Text>
        )}
      </Group>
      {checkError != null && (
        <Alert color="red" title="The workflow could not be checked" role="alert">
          {errorMessage(checkError)}
        </Alert>
      )}
      {problems !== null && problems.problems.length > 0 && <ProblemList problems={problems.problems} title={problems.title} />}
      {report?.valid && (problems === null || problems.problems.length === 0) && (
        <Alert color="green" icon={<IconCircleCheck />} title={`Looks good: ${plural(report.steps.length, 'step')}`} data-testid="check-ok">
          {report.name ? `“${report.name}” has these steps` : 'Its steps'}, in the order they can run: {report.steps.join(', ')}.
        </Alert>
      )}
    </Stack>
  );
}
