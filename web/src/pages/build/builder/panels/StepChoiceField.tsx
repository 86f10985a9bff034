import { MultiSelect } from '@mantine/core';
import { fieldError } from './fieldError';
import { usePanel } from './panelContext';
import type { FieldProps } from './SchemaField';

/** The steps a branch runs for a case (`then`) or when no case holds (`default`), chosen among the workflow's steps. */
export function StepChoiceField({ value, onChange, path, messages, required }: FieldProps) {
  const { choosableSteps } = usePanel();
  const chosen = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const isDefault = path.endsWith('.default');
  const data = choosableSteps.map((step) => ({ value: step.id, label: step.title ? `${step.id} — ${step.title}` : step.id }));
  for (const id of chosen)
    if (!choosableSteps.some((step) => step.id === id)) data.push({ value: id, label: `${id} (not a step it can choose)` });
  return (
    <MultiSelect
      label={isDefault ? 'Otherwise run' : 'Then run'}
      description={
        isDefault
          ? 'The steps to run when no case holds. Steps of a case not chosen are skipped.'
          : 'The steps to run when this case holds. Steps of the other cases are skipped.'
      }
      placeholder={chosen.length === 0 ? 'Choose steps' : undefined}
      required={required}
      {...fieldError(messages)}
      data={data}
      value={chosen}
      onChange={(next) => onChange(next.length === 0 ? undefined : next)}
      searchable
      comboboxProps={{ withinPortal: true }}
    />
  );
}
