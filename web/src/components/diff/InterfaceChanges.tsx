import { Code, Group, Stack } from '@mantine/core';
import type { FieldChange } from '../../api/types';
import { DiffSection } from './DiffSection';
import { FieldChangeList } from './FieldChangeList';
import { Marker } from './Marker';

interface InterfaceChangesProps {
  /** `inputs` or `outputs`: the section of the definition, and the prefix of the changed paths. */
  part: 'inputs' | 'outputs';
  added: readonly string[];
  removed: readonly string[];
  changed: readonly FieldChange[];
}

const TITLES = {
  inputs: { title: 'Inputs', hint: 'What a run is given: a changed label changes where its data may go.' },
  outputs: { title: 'Outputs', hint: 'What a run gives back.' },
} as const;

/** The inputs (or outputs) added, removed and changed. Nothing when none differs. */
export function InterfaceChanges({ part, added, removed, changed }: InterfaceChangesProps) {
  if (added.length + removed.length + changed.length === 0) return null;
  const { title, hint } = TITLES[part];
  return (
    <DiffSection title={title} hint={hint} testId={`diff-${part}`}>
      {(added.length > 0 || removed.length > 0) && (
        <Stack gap={6}>
          {added.map((name) => (
            <Group key={`+${name}`} gap="xs" data-testid={`diff-${part}-added`}>
              <Marker change="added" />
              <Code fw={600}>{name}</Code>
            </Group>
          ))}
          {removed.map((name) => (
            <Group key={`-${name}`} gap="xs" data-testid={`diff-${part}-removed`}>
              <Marker change="removed" />
              <Code fw={600} style={{ textDecoration: 'line-through' }}>
                {name}
              </Code>
            </Group>
          ))}
        </Stack>
      )}
      {changed.length > 0 && <FieldChangeList changes={changed} prefix={`${part}.`} />}
    </DiffSection>
  );
}
