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
  /** Problems the server found when asked to run it. */
  runProblems: readonly Problem[];
  checkError: unknown;
  /** Whether the text changed since the last check. */
  stale: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The workflow as text, a Check button, and what the check found. */
export function DefinitionEditor({ value, onChange, onCheck, checking, report, runProblems, checkError, stale }: DefinitionEditorProps) {
  const problems = runProblems.length > 0 ? runProblems : (report?.problems ?? []);
  return (
    <Stack gap="sm">
      <Textarea
        label="Workflow definition"
        description="Written in YAML or JSON. Start from the example, or paste your own."
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        autosize
        minRows={12}
        maxRows={30}
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
      {problems.length > 0 && (
        <ProblemList
          problems={problems}
          title={`Fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} before running it`}
        />
      )}
      {report?.valid && runProblems.length === 0 && (
        <Alert color="green" icon={<IconCircleCheck />} title={`Looks good: ${plural(report.steps.length, 'step')}`} data-testid="check-ok">
          {report.name ? `“${report.name}” has these steps` : 'Its steps'}, in the order they can run: {report.steps.join(', ')}.
        </Alert>
      )}
    </Stack>
  );
}
