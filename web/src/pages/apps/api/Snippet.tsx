import { Code, Group, Paper, ScrollArea, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { CopyValue } from '../../../components/CopyValue';

/** One piece of code to copy: its language's name, and the code. */
export interface SnippetSource {
  id: string;
  label: string;
  code: string;
}

/** A block of code with a button that copies it. */
export function CodeBlock({ code, label, testId }: { code: string; label: string; testId?: string }) {
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }} data-testid={testId}>
      <Group justify="space-between" px="sm" py={6} bg="var(--mantine-color-gray-0)" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="xs" fw={600} c="dimmed">
          {label}
        </Text>
        <CopyValue value={code} label="Copy" ariaLabel={`Copy the ${label} code`} />
      </Group>
      <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
        <Code block style={{ whiteSpace: 'pre', borderRadius: 0, background: 'transparent' }}>
          {code}
        </Code>
      </ScrollArea.Autosize>
    </Paper>
  );
}

/** The same thing in several languages, a tab each; the language chosen is shared by the tabs given the same `choice`. */
export function SnippetTabs({
  sources,
  testId,
  value,
  onChange,
}: {
  sources: readonly SnippetSource[];
  testId: string;
  value?: string;
  onChange?: (id: string) => void;
}) {
  const [own, setOwn] = useState(sources[0]?.id ?? '');
  const active = sources.some((source) => source.id === value) ? (value ?? own) : own;
  return (
    <Tabs
      value={active}
      onChange={(next) => {
        if (next === null) return;
        setOwn(next);
        onChange?.(next);
      }}
      variant="outline"
      data-testid={testId}
    >
      <Tabs.List>
        {sources.map((source) => (
          <Tabs.Tab key={source.id} value={source.id} data-testid={`${testId}-${source.id}`}>
            {source.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {sources.map((source) => (
        <Tabs.Panel key={source.id} value={source.id} pt="xs">
          <CodeBlock code={source.code} label={source.label} testId={`${testId}-${source.id}-code`} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
