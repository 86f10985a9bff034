import { ActionIcon, Alert, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { sentence } from '../../../../api/errors';
import type { Problem } from '../../../../api/types';
import type { WorkflowDoc } from '../model/types';
import { AnyValueField } from './AnyValueField';
import { fieldError } from './fieldError';
import { freshName, nameProblem, renameKey } from './inputTypes';
import { PanelContext, type PanelContextValue } from './panelContext';
import { isWithin } from './problemPaths';
import { availableReferences } from './references';
import type { StepKind } from './types';

export interface OutputsDesignerProps {
  doc: WorkflowDoc;
  /** The step kinds, for the fields of each step's output. */
  kinds?: StepKind[];
  /** Problems of the outputs (`outputs.summary`…); others are ignored. */
  problems?: Problem[];
  onChange: (outputs: Record<string, unknown>) => void;
}

function OutputName({
  name,
  taken,
  problems,
  onRename,
}: {
  name: string;
  taken: string[];
  problems: string[];
  onRename: (to: string) => void;
}) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const problem = draft === name ? null : nameProblem(draft, taken, 'output');
  const commit = () => {
    if (draft !== name && problem === null) onRename(draft);
  };
  return (
    <TextInput
      label="Name"
      required
      value={draft}
      {...fieldError(problem !== null ? [problem] : problems)}
      spellCheck={false}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(name);
      }}
      style={{ flex: 1 }}
    />
  );
}

/** What a run returns: named values, usually one step's result each; every step may be referred to here. */
export function OutputsDesigner({ doc, kinds = [], problems = [], onChange }: OutputsDesignerProps) {
  const entries = Object.entries(doc.outputs);
  const context = useMemo<PanelContextValue>(
    () => ({
      kind: '',
      references: availableReferences(doc, 'outputs', kinds),
      models: [],
      connections: [],
      choosableSteps: [],
      problems: [],
    }),
    [doc, kinds],
  );
  const setByStep = doc.steps
    .filter((step) => step.uses === 'output')
    .flatMap((step) =>
      Object.keys((step.with?.values as Record<string, unknown> | undefined) ?? {}).map((name) => ({ name, step: step.id })),
    );
  const others = problems.filter((p) => isWithin(p.path, 'outputs') && !entries.some(([name]) => isWithin(p.path, `outputs.${name}`)));

  return (
    <PanelContext.Provider value={context}>
      <Stack gap="sm" data-testid="outputs-designer">
        <Title order={2} size="h4">
          Outputs
        </Title>
        <Text size="sm" c="dimmed">
          What a run returns: give each value a name, and pick what it is — usually the result of a step.
        </Text>
        {others.length > 0 && (
          <Alert color="red" icon={<IconAlertTriangle />} title="Fix these">
            <List size="sm">
              {others.map((p) => (
                <List.Item key={`${p.path} ${p.message}`}>{sentence(p.message)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {entries.length === 0 && setByStep.length === 0 && (
          <Text size="sm" c="dimmed">
            No outputs yet: a run then returns nothing.
          </Text>
        )}
        {entries.map(([name, value]) => {
          const messages = problems.filter((p) => isWithin(p.path, `outputs.${name}`)).map((p) => sentence(p.message));
          return (
            <Paper key={name} withBorder radius="sm" p="xs" data-testid={`output-row-${name}`} role="group" aria-label={`Output ${name}`}>
              <Stack gap="xs">
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <OutputName
                    name={name}
                    taken={entries.map(([other]) => other).filter((other) => other !== name)}
                    problems={[]}
                    onRename={(to) => onChange(renameKey(doc.outputs, name, to))}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={`Remove output ${name}`}
                    onClick={() => {
                      const { [name]: _removed, ...rest } = doc.outputs;
                      onChange(rest);
                    }}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
                <AnyValueField
                  label="Value"
                  {...fieldError(messages)}
                  value={value}
                  onChange={(next) => onChange({ ...doc.outputs, [name]: next ?? '' })}
                />
              </Stack>
            </Paper>
          );
        })}
        {setByStep.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="outputs-set-by-steps">
            Also returned, set by steps: {setByStep.map((o) => `${o.name} (by ${o.step})`).join(', ')}.
          </Text>
        )}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            onChange({ ...doc.outputs, [freshName('result', [...Object.keys(doc.outputs), ...setByStep.map((o) => o.name)])]: '' })
          }
        >
          Add an output
        </Button>
      </Stack>
    </PanelContext.Provider>
  );
}
