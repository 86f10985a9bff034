import { Anchor, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useRef } from 'react';
import type { ValidationReport } from '../../api/types';

interface DefinitionEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Why the text cannot be read, and on which line; null when it can. */
  error: { message: string; line?: number } | null;
  /** The last check's report, while it is about this text. */
  report: ValidationReport | null;
  /** Said under the editor's label. */
  description?: string;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Where line `line` (from 1) starts and ends in `text`. */
function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}

/** The workflow as text (the builder's YAML view): what cannot be read is said under it, with a way to its line. */
export function DefinitionEditor({ value, onChange, error, report, description }: DefinitionEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const goToLine = (line: number) => {
    const element = area.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(...lineRange(value, line));
  };
  return (
    <Stack gap="sm" h="100%">
      <Textarea
        ref={area}
        label="Workflow definition"
        description={description ?? 'Written in YAML or JSON. Changes here show on the canvas as soon as they can be read.'}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={
          error && (
            <Text span size="sm" inherit>
              {error.message}
              {error.line !== undefined && (
                <>
                  {' — '}
                  <Anchor component="button" type="button" size="sm" c="red.8" td="underline" onClick={() => goToLine(error.line!)}>
                    go to line {error.line}
                  </Anchor>
                </>
              )}
            </Text>
          )
        }
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        data-testid="builder-yaml"
        // Undo here is the text field's own, which keeps the text as typed.
        data-native-undo
        styles={{
          root: { flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 },
          wrapper: { flex: 1, minHeight: 0 },
          input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, height: '100%', resize: 'none' },
        }}
      />
      {report?.valid && error === null && (
        <Group gap={6} wrap="nowrap" data-testid="check-ok">
          <IconCircleCheck size={16} color="var(--mantine-color-green-7)" style={{ flexShrink: 0 }} aria-hidden />
          <Text size="sm" truncate>
            Looks good: {plural(report.steps.length, 'step')}, in the order they can run: {report.steps.join(', ')}.
          </Text>
        </Group>
      )}
    </Stack>
  );
}
