import { ActionIcon, Alert, Badge, Button, Collapse, Group, List, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconChevronDown, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { sentence } from '../../../../api/errors';
import type { Problem } from '../../../../api/types';
import { labelText } from '../../../admin/clearance';
import { useLabelWords } from '../../../admin/labelQueries';
import type { InputDoc, WorkflowDoc } from '../model/types';
import { InputEditor } from './InputEditor';
import { freshName, inputTypeWords, moveKey, renameKey } from './inputTypes';

export interface InputsDesignerProps {
  doc: WorkflowDoc;
  /** Problems of the workflow's inputs (`inputs.claim.values`…); others are ignored. */
  problems?: Problem[];
  onChange: (inputs: Record<string, InputDoc>) => void;
  /**
   * An input is renamed. Given, it is called instead of onChange, so that the caller can rename the input and rewrite
   * the `inputs.<old>` references with it; without it, the input alone is renamed.
   */
  onRename?: (oldName: string, newName: string) => void;
}

/** The problems of one input, by what they are about: '' for the input itself, else `values`, `default`, `label`… */
function messagesOf(problems: readonly Problem[], name: string): Record<string, string[]> {
  const byKey: Record<string, string[]> = {};
  for (const problem of problems) {
    const rest = problem.path.startsWith(`inputs.${name}`) ? problem.path.slice(`inputs.${name}`.length) : null;
    if (rest === null || (rest !== '' && !rest.startsWith('.'))) continue;
    const key = rest === '' ? '' : (/^\.([A-Za-z_]+)/.exec(rest)?.[1] ?? '');
    (byKey[key] ??= []).push(sentence(problem.message));
  }
  return byKey;
}

/**
 * The workflow's inputs: what people fill in to run it. Each can be opened to set its type, whether it is required,
 * a default, help text and how sensitive it is; they are listed in the order the form shows them.
 */
export function InputsDesigner({ doc, problems = [], onChange, onRename }: InputsDesignerProps) {
  const { words } = useLabelWords();
  const entries = Object.entries(doc.inputs);
  // Opened or closed by the person; otherwise an input is open while it has problems.
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const others = problems.filter(
    (p) => p.path.startsWith('inputs') && !entries.some(([name]) => p.path === `inputs.${name}` || p.path.startsWith(`inputs.${name}.`)),
  );

  const add = () => {
    const name = freshName('new_input', Object.keys(doc.inputs));
    onChange({ ...doc.inputs, [name]: { type: 'string' } });
    setExpanded({ ...expanded, [name]: true });
  };

  return (
    <Stack gap="sm" data-testid="inputs-designer">
      <Title order={2} size="h4">
        Inputs
      </Title>
      <Text size="sm" c="dimmed">
        What people give when they run the workflow. Each input is a field of its form, and steps use it as inputs.name.
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
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No inputs yet: the workflow runs without asking for anything.
        </Text>
      )}
      {entries.map(([name, input], index) => {
        const messages = messagesOf(problems, name);
        const count = Object.values(messages).flat().length;
        const open = expanded[name] ?? count > 0;
        return (
          <Paper key={name} withBorder radius="sm" p="xs" data-testid={`input-row-${name}`}>
            <Group gap={4} wrap="nowrap" justify="space-between">
              <UnstyledButton
                onClick={() => setExpanded({ ...expanded, [name]: !open })}
                aria-expanded={open}
                style={{ flex: 1, minWidth: 0, borderRadius: 'var(--mantine-radius-sm)' }}
                p={4}
              >
                <Group component="span" gap={6} wrap="nowrap">
                  {open ? <IconChevronDown size={16} style={{ flex: 'none' }} /> : <IconChevronRight size={16} style={{ flex: 'none' }} />}
                  <Stack component="span" gap={0} style={{ minWidth: 0 }}>
                    <Text component="span" size="sm" ff="monospace" fw={600} truncate>
                      {name}
                    </Text>
                    <Text component="span" size="xs" c="dimmed" truncate>
                      {inputTypeWords(input)}
                      {input.required ? ' · required' : ''}
                      {input.label && input.label !== 'internal' ? ` · ${labelText(input.label, words)}` : ''}
                    </Text>
                  </Stack>
                  {count > 0 && (
                    <Badge component="span" color="red" size="xs" variant="light" style={{ flex: 'none' }}>
                      {count === 1 ? '1 problem' : `${count} problems`}
                    </Badge>
                  )}
                </Group>
              </UnstyledButton>
              <Group gap={0} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${name} up`}
                  disabled={index === 0}
                  onClick={() => onChange(moveKey(doc.inputs, index, -1))}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${name} down`}
                  disabled={index === entries.length - 1}
                  onClick={() => onChange(moveKey(doc.inputs, index, 1))}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${name}`}
                  onClick={() => {
                    const { [name]: _removed, ...rest } = doc.inputs;
                    onChange(rest);
                  }}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
            <Collapse expanded={open}>
              {open && (
                <Stack pt="sm" px={4} pb={4}>
                  <InputEditor
                    name={name}
                    input={input}
                    taken={entries.map(([other]) => other).filter((other) => other !== name)}
                    messages={messages}
                    onChange={(changed) => onChange({ ...doc.inputs, [name]: changed })}
                    onRename={(to) => {
                      if (onRename !== undefined) onRename(name, to);
                      else onChange(renameKey(doc.inputs, name, to));
                      setExpanded({ ...expanded, [to]: true });
                    }}
                  />
                </Stack>
              )}
            </Collapse>
          </Paper>
        );
      })}
      <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add} style={{ alignSelf: 'flex-start' }}>
        Add an input
      </Button>
    </Stack>
  );
}
