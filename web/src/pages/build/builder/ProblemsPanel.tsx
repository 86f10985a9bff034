import { ActionIcon, Alert, Badge, Box, Code, Group, Loader, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconCircleCheck, IconFileAlert } from '@tabler/icons-react';
import { memo, useState, type KeyboardEvent } from 'react';
import { errorMessage, sentence } from '../../../api/errors';
import type { Problem } from '../../../api/types';
import { plural } from '../DefinitionEditor';
import { environmentLabel, ViolationItem } from '../policyViolations';
import { placeOf } from '../problems';
import type { Warning } from './problemPlaces';
import type { ParseFailure } from './useWorkflowModel';

interface ProblemsPanelProps {
  problems: readonly Problem[];
  warnings: readonly Warning[];
  /** The YAML typed cannot be read. */
  parseError: ParseFailure | null;
  checking: boolean;
  checkError: unknown;
  /** The key of the warning picked out on the canvas, if any. */
  highlighted: string | null;
  onSelectProblem: (problem: Problem) => void;
  onSelectWarning: (warning: Warning | null) => void;
}

function ProblemRow({ problem, onSelect }: { problem: Problem; onSelect: (problem: Problem) => void }) {
  return (
    <UnstyledButton
      onClick={() => onSelect(problem)}
      data-testid="builder-problem"
      px="xs"
      py={6}
      style={{ borderRadius: 'var(--mantine-radius-sm)', borderLeft: '3px solid var(--mantine-color-red-6)' }}
      bg="red.0"
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} span>
            {placeOf(problem.path)}
          </Text>{' '}
          {problem.path && <Code fz="xs">{problem.path}</Code>}
          <Text size="sm">{sentence(problem.message)}</Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}

function WarningRow({ warning, active, onSelect }: { warning: Warning; active: boolean; onSelect: (warning: Warning | null) => void }) {
  const toggle = () => onSelect(active ? null : warning);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  };
  return (
    <Box
      role="button"
      tabIndex={0}
      aria-pressed={active}
      aria-label={`Policy warning: ${warning.violation.message}. ${active ? 'Shown' : 'Show'} its path on the canvas`}
      onClick={toggle}
      onKeyDown={onKeyDown}
      style={{ cursor: 'pointer', borderRadius: 'var(--mantine-radius-md)', outline: active ? '2px solid var(--mantine-color-orange-5)' : undefined }}
      data-testid="builder-warning"
    >
      <Group gap={4} mb={4}>
        {warning.environments.map((environment) => (
          <Badge key={environment} size="xs" variant="light" color="orange" tt="none">
            {environmentLabel(environment)}
          </Badge>
        ))}
      </Group>
      <ViolationItem violation={warning.violation} />
    </Box>
  );
}

function Summary({ problems, warnings, parseError, checking }: Pick<ProblemsPanelProps, 'problems' | 'warnings' | 'parseError' | 'checking'>) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" fw={650} id="builder-problems-title">
        Problems
      </Text>
      {parseError !== null && (
        <Badge color="red" variant="filled" size="sm" tt="none">
          YAML cannot be read
        </Badge>
      )}
      {problems.length > 0 && (
        <Badge color="red" variant="light" size="sm" tt="none" data-testid="builder-problem-count">
          {plural(problems.length, 'problem')}
        </Badge>
      )}
      {warnings.length > 0 && (
        <Badge color="orange" variant="light" size="sm" tt="none" data-testid="builder-warning-count">
          {plural(warnings.length, 'policy warning')}
        </Badge>
      )}
      {checking && <Loader size={12} aria-label="Checking the workflow" />}
    </Group>
  );
}

/** Below the canvas: what is wrong with the workflow and where its data may not go, each leading to its place. */
export const ProblemsPanel = memo(function ProblemsPanel(props: ProblemsPanelProps) {
  const { problems, warnings, parseError, checking, checkError, highlighted, onSelectProblem, onSelectWarning } = props;
  const [open, setOpen] = useState(true);
  const clean = parseError === null && problems.length === 0 && warnings.length === 0;
  return (
    <Box
      component="section"
      aria-labelledby="builder-problems-title"
      data-testid="builder-problems"
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
      bg="white"
    >
      <Group justify="space-between" px="sm" py={6} wrap="nowrap">
        <Summary problems={problems} warnings={warnings} parseError={parseError} checking={checking} />
        <ActionIcon variant="subtle" color="gray" onClick={() => setOpen((was) => !was)} aria-label={open ? 'Hide the problems' : 'Show the problems'} aria-expanded={open}>
          {open ? <IconChevronDown size={16} /> : <IconChevronUp size={16} />}
        </ActionIcon>
      </Group>
      {open && (
        <ScrollArea.Autosize mah={200} px="sm" pb="sm" type="auto">
          <Stack gap={6}>
            {parseError !== null && (
              <Alert color="red" icon={<IconFileAlert />} title={`The YAML cannot be read${parseError.line ? ` (line ${parseError.line})` : ''}`} role="alert" p="xs">
                {sentence(parseError.message)}. The canvas shows the last version that could be read.
              </Alert>
            )}
            {checkError != null && (
              <Text size="sm" c="red.8" role="alert">
                The workflow could not be checked: {errorMessage(checkError)}
              </Text>
            )}
            {problems.map((problem, index) => (
              <ProblemRow key={`${problem.path}-${index}`} problem={problem} onSelect={onSelectProblem} />
            ))}
            {warnings.map((warning) => (
              <WarningRow key={warning.key} warning={warning} active={highlighted === warning.key} onSelect={onSelectWarning} />
            ))}
            {clean && !checking && checkError == null && (
              <Group gap={6} wrap="nowrap" data-testid="builder-no-problems">
                <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
                <Text size="sm" c="dimmed">
                  No problems, and no policy warnings in dev or staging.
                </Text>
              </Group>
            )}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Box>
  );
});
