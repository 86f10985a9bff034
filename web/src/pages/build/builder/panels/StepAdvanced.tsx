import { Button, Group, MultiSelect, Stack, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import type { Problem } from '../../../../api/types';
import type { StepDoc } from '../model/types';
import { fieldError } from './fieldError';
import { NumberField } from './NumberField';
import { messagesAt } from './problemPaths';

interface StepAdvancedProps {
  step: StepDoc;
  /** The steps it may wait for without making a cycle. */
  waitable: string[];
  /** This step's problems, with paths inside the step. */
  problems: Problem[];
  onChange: (step: StepDoc) => void;
}

const DURATION = /^\s*\d+\s*(ms|s|m|h|d)\s*$/;
const durationProblem = (text: string | undefined) =>
  text === undefined || DURATION.test(text) ? [] : ['Write a duration such as 30s, 5m, 72h or 7d'];

/** A copy of the step with `key` set, or removed when empty. */
function withField<K extends 'needs' | 'retry' | 'timeout'>(step: StepDoc, key: K, value: StepDoc[K] | undefined): StepDoc {
  const next = { ...step };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

/** What most steps never need: waiting for steps it does not read, retrying on failure, and a time limit. */
export function StepAdvanced({ step, waitable, problems, onChange }: StepAdvancedProps) {
  const hasSome = step.needs !== undefined || step.retry !== undefined || step.timeout !== undefined;
  const hasProblems = ['needs', 'retry', 'timeout'].some((at) => messagesAt(problems, at).length > 0);
  const [open, setOpen] = useState(hasSome || hasProblems);
  const shown = open || hasProblems;
  const needs = step.needs ?? [];
  const data = [...waitable, ...needs.filter((id) => !waitable.includes(id))];

  return (
    <Stack gap="sm" data-testid="step-advanced">
      <Button
        variant="subtle"
        size="compact-sm"
        justify="flex-start"
        leftSection={shown ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        aria-expanded={shown}
        onClick={() => setOpen(!shown)}
        style={{ alignSelf: 'flex-start' }}
      >
        Advanced
      </Button>
      {shown && (
        <Stack gap="md">
          <div data-testid="step-field-needs">
            <MultiSelect
              label="Wait for"
              description="Steps that must finish first even though this step does not use their results"
              placeholder={needs.length === 0 ? 'No other steps' : undefined}
              data={data}
              value={needs}
              onChange={(next) => onChange(withField(step, 'needs', next))}
              searchable
              comboboxProps={{ withinPortal: true }}
              {...fieldError(messagesAt(problems, 'needs'))}
            />
          </div>
          <Group grow align="flex-start" data-testid="step-field-retry">
            <NumberField
              label="Attempts"
              description="Tries in all when it fails (1–10)"
              placeholder="1"
              min={1}
              max={10}
              allowDecimal={false}
              value={step.retry?.max_attempts}
              onChange={(n) => onChange(withField(step, 'retry', n !== undefined ? { ...step.retry, max_attempts: n } : undefined))}
              {...fieldError(messagesAt(problems, 'retry.max_attempts'))}
            />
            <TextInput
              label="First wait"
              description="Before the first retry"
              placeholder="1s"
              disabled={step.retry === undefined}
              value={step.retry?.backoff ?? ''}
              onChange={(e) => {
                if (step.retry === undefined) return;
                const { backoff: _backoff, ...retry } = step.retry;
                const text = e.currentTarget.value;
                onChange(withField(step, 'retry', text === '' ? retry : { ...retry, backoff: text }));
              }}
              {...fieldError([...durationProblem(step.retry?.backoff), ...messagesAt(problems, 'retry.backoff')])}
            />
          </Group>
          <div data-testid="step-field-timeout">
            <TextInput
              label="Time limit"
              description="Stop the step if it takes longer, e.g. 30s, 5m or 2h"
              placeholder="No limit"
              value={step.timeout ?? ''}
              onChange={(e) => onChange(withField(step, 'timeout', e.currentTarget.value === '' ? undefined : e.currentTarget.value))}
              {...fieldError([...durationProblem(step.timeout), ...messagesAt(problems, 'timeout')])}
              w={200}
            />
          </div>
        </Stack>
      )}
    </Stack>
  );
}
