import { Alert, Badge, Divider, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo } from 'react';
import { sentence } from '../../../../api/errors';
import type { Problem, UsableConnection } from '../../../../api/types';
import type { StepDoc, WorkflowDoc } from '../model/types';
import { JsonValueField } from './JsonValueField';
import { PanelContext, type PanelContextValue } from './panelContext';
import { isWithin, localProblem } from './problemPaths';
import { availableReferences, availableStepIds, stepsBefore } from './references';
import { SchemaForm } from './SchemaForm';
import { StepAdvanced } from './StepAdvanced';
import { StepIdField } from './StepIdField';
import type { StepKind, UsableModel } from './types';
import { useStableList } from './useStableList';

export interface StepPanelProps {
  step: StepDoc;
  /** Where the step is in `doc.steps`. */
  index: number;
  doc: WorkflowDoc;
  kinds: StepKind[];
  models: UsableModel[];
  connections: UsableConnection[];
  /** This step's problems, with the validator's paths (`steps[3].with.prompt`). */
  problems: Problem[];
  onChange: (step: StepDoc) => void;
  /** The step's id changes; the caller renames it and every reference to it. */
  onRename: (oldId: string, newId: string) => void;
}

const sameProblem = (a: Problem, b: Problem) => a.path === b.path && a.message === b.message;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Everything about one step, in a side panel: its name, its settings as a form rendered from its kind's JSON Schema,
 * and advanced options. Each problem shows under the field it is about; the rest at the top.
 */
export function StepPanel({ step, index, doc, kinds, models, connections, problems, onChange, onRename }: StepPanelProps) {
  const kind = kinds.find((k) => k.name === step.uses);
  // Typing in a field makes a new doc each time, yet what the fields are offered rarely changes: kept as they were,
  // the context stays the same and only the field typed in is drawn again.
  const local = useStableList(useMemo(() => problems.map(localProblem), [problems]), sameProblem);
  const references = useStableList(
    useMemo(() => availableReferences(doc, index, kinds), [doc, index, kinds]),
    (a, b) => a.path === b.path && a.detail === b.detail,
  );
  const choosableSteps = useStableList(
    useMemo(() => {
      const before = stepsBefore(doc, step.id);
      return doc.steps
        .filter((other) => other.id !== step.id && !before.has(other.id))
        .map((other) => ({ id: other.id, title: kinds.find((k) => k.name === other.uses)?.title ?? other.uses }));
    }, [doc, step.id, kinds]),
    (a, b) => a.id === b.id && a.title === b.title,
  );
  const context = useMemo<PanelContextValue>(
    () => ({ kind: step.uses, references, models, connections, choosableSteps, problems: local }),
    [step.uses, references, models, connections, choosableSteps, local],
  );

  // Problems a field shows; the others go at the top.
  const placed = ['id', 'needs', 'retry', 'timeout', ...Object.keys(kind?.with_schema.properties ?? {}).map((name) => `with.${name}`)];
  const elsewhere = local.filter((problem) => !placed.some((at) => isWithin(problem.path, at)));
  // The same lists while they say the same: the name field is not drawn again on each keystroke elsewhere.
  const taken = useStableList(doc.steps.filter((_, i) => i !== index).map((other) => other.id));
  const idProblems = useStableList(local.filter((p) => p.path === 'id').map((p) => sentence(p.message)));
  const setWith = (next: Record<string, unknown> | undefined) => {
    const changed = { ...step };
    if (next === undefined || Object.keys(next).length === 0) delete changed.with;
    else changed.with = next;
    onChange(changed);
  };

  return (
    <PanelContext.Provider value={context}>
      <Stack gap="md" data-testid="step-panel" miw={0}>
        <Stack gap={4}>
          <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
            <Title order={2} size="h4">
              {kind?.title ?? 'Unknown kind of step'}
            </Title>
            <Badge variant="light" color="gray" tt="none" ff="monospace" style={{ flex: 'none' }}>
              {step.uses}
            </Badge>
          </Group>
          {kind !== undefined && (
            <Text size="sm" c="dimmed">
              {kind.description}
            </Text>
          )}
        </Stack>
        {elsewhere.length > 0 && (
          <Alert
            color="red"
            icon={<IconAlertTriangle />}
            title={elsewhere.length === 1 ? 'Fix this' : `Fix these ${elsewhere.length} problems`}
            data-testid="step-problems"
          >
            <List size="sm" spacing={2}>
              {elsewhere.map((problem) => (
                <List.Item key={`${problem.path} ${problem.message}`}>{sentence(problem.message)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <StepIdField
          id={step.id}
          taken={taken}
          problems={idProblems}
          onRename={onRename}
        />
        <Divider />
        {kind === undefined ? (
          <>
            <Alert color="yellow" title={`Paddock has no kind of step called “${step.uses}”`}>
              Its settings are shown as written. Choose another kind of step, or fix the name in the YAML.
            </Alert>
            <JsonValueField label="Settings" value={step.with} onChange={(next) => setWith(isRecord(next) ? next : undefined)} />
          </>
        ) : (
          // Another step (or kind) is another form: what it tucks away is decided afresh.
          <SchemaForm
            key={`${step.id}:${step.uses}`}
            schema={kind.with_schema}
            value={step.with}
            onChange={setWith}
            path="with"
            tuckOptional
          />
        )}
        <Divider />
        <StepAdvanced step={step} waitable={availableStepIds(doc, index)} problems={local} onChange={onChange} />
      </Stack>
    </PanelContext.Provider>
  );
}
