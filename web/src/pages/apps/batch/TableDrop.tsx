import { Button, CloseButton, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileSpreadsheet, IconTableImport } from '@tabler/icons-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { formatSize, TABLE_ACCEPT, tableFileProblem } from './table';

interface TableDropProps {
  file: File | null;
  disabled?: boolean;
  /** A table was chosen (or null: taken off). */
  onChange: (file: File | null) => void;
  /** A file that is no table was chosen: why, in words. */
  onReject: (message: string) => void;
}

/** Where the table goes: drag a CSV or JSON Lines file onto it, or choose one with the file picker. */
export function TableDrop({ file, disabled = false, onChange, onReject }: TableDropProps) {
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const take = (chosen: File | undefined) => {
    if (chosen === undefined) return;
    const problem = tableFileProblem(chosen);
    if (problem === null) onChange(chosen);
    else onReject(problem);
  };

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    if (event.dataTransfer.files.length > 1) {
      onReject('Drop one table at a time.');
      return;
    }
    take(event.dataTransfer.files[0]);
  };

  return (
    <Paper
      radius="md"
      p="lg"
      data-testid="batch-drop"
      data-dragging={over || undefined}
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      style={{
        border: `1px dashed ${over ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
        background: over ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-gray-0)',
        transition: 'background 120ms, border-color 120ms',
      }}
    >
      <input
        ref={picker}
        id={id}
        type="file"
        accept={TABLE_ACCEPT}
        disabled={disabled}
        aria-label="Table of rows to run (CSV or JSON Lines)"
        data-testid="batch-file-input"
        style={{ display: 'none' }}
        onChange={(event) => {
          take(event.currentTarget.files?.[0]);
          // Cleared, so that choosing the same file again (changed) is noticed.
          event.currentTarget.value = '';
        }}
      />
      {file === null ? (
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconTableImport size={24} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Text fw={500}>Drag a table here, or choose one</Text>
            <Text size="sm" c="dimmed">
              A CSV file with a header row, or a JSON Lines file with one object per line. Each row becomes one run; up to 100,000 rows and
              20 MB.
            </Text>
          </Stack>
          <Button variant="default" onClick={() => picker.current?.click()} disabled={disabled}>
            Choose a table
          </Button>
        </Group>
      ) : (
        <Group gap="md" wrap="nowrap" data-testid="batch-file-chosen">
          <ThemeIcon size={48} radius="xl" variant="light" color="teal">
            <IconFileSpreadsheet size={24} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Text fw={500} truncate>
              {file.name}
            </Text>
            <Text size="sm" c="dimmed">
              {formatSize(file.size)}
            </Text>
          </Stack>
          <Button variant="default" size="xs" onClick={() => picker.current?.click()} disabled={disabled}>
            Choose another
          </Button>
          <CloseButton aria-label="Take the table off" onClick={() => onChange(null)} disabled={disabled} />
        </Group>
      )}
    </Paper>
  );
}
