import { Button, CloseButton, Group, Input, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFile, IconUpload } from '@tabler/icons-react';
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { AppInput } from '../types';
import { acceptAttribute, fileProblem, fileRules, formatBytes } from './files';

interface FileDropProps {
  input: AppInput;
  label: string;
  description: ReactNode;
  file: File | null;
  error?: string | undefined;
  disabled?: boolean;
  /** A file the input takes was chosen (or null: removed). */
  onChange: (file: File | null) => void;
  /** A file the input does not take was chosen: why, in words. Nothing is kept. */
  onReject: (message: string) => void;
}

/**
 * A file input as a drop zone: drag a file onto it, or choose one with the normal file picker. Files of a kind the
 * input does not accept, or larger than it takes, are refused here with a message, before anything is sent.
 */
export function FileDrop({ input, label, description, file, error, disabled = false, onChange, onReject }: FileDropProps) {
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const rules = fileRules(input);

  const take = (chosen: File | undefined) => {
    if (chosen === undefined) return;
    const problem = fileProblem(input, chosen);
    if (problem === null) onChange(chosen);
    else onReject(problem);
  };

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files;
    if (dropped.length > 1) {
      onReject('Drop one file at a time: this field takes a single file.');
      return;
    }
    take(dropped[0]);
  };

  const borderColor = error
    ? 'var(--mantine-color-error)'
    : over
      ? 'var(--mantine-primary-color-filled)'
      : 'var(--mantine-color-default-border)';

  return (
    <Input.Wrapper
      label={label}
      description={description}
      required={input.required}
      error={error}
      id={id}
      inputWrapperOrder={['label', 'description', 'input', 'error']}
    >
      <Paper
        radius="md"
        p="md"
        mt={4}
        data-testid={`file-drop-${input.name}`}
        data-dragging={over || undefined}
        onDragOver={(event: DragEvent<HTMLDivElement>) => {
          event.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{
          border: `1px dashed ${borderColor}`,
          background: over ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-gray-0)',
          transition: 'background 120ms, border-color 120ms',
        }}
      >
        <input
          ref={picker}
          id={id}
          type="file"
          name={input.name}
          accept={acceptAttribute(input.accept)}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? `${id}-error` : '', `${id}-description`].join(' ').trim()}
          data-testid={`file-input-${input.name}`}
          style={{ display: 'none' }}
          onChange={(event) => {
            take(event.currentTarget.files?.[0]);
            // Cleared, so that choosing the same file again is noticed.
            event.currentTarget.value = '';
          }}
        />
        {file === null ? (
          <Group gap="md" wrap="nowrap">
            <ThemeIcon size={40} radius="xl" variant="light" color={error ? 'red' : undefined}>
              <IconUpload size={20} stroke={1.6} />
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={500}>
                Drag a file here, or choose one
              </Text>
              <Text size="xs" c="dimmed" data-testid={`file-rules-${input.name}`}>
                {rules}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => picker.current?.click()} disabled={disabled} aria-describedby={`${id}-description`}>
              Choose a file
            </Button>
          </Group>
        ) : (
          <Group gap="md" wrap="nowrap" data-testid={`file-chosen-${input.name}`}>
            <ThemeIcon size={40} radius="xl" variant="light" color="green">
              <IconFile size={20} stroke={1.6} />
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={500} truncate="end">
                {file.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatBytes(file.size)}
              </Text>
            </Stack>
            <Button variant="subtle" size="xs" onClick={() => picker.current?.click()} disabled={disabled}>
              Replace
            </Button>
            <CloseButton aria-label={`Remove ${file.name}`} onClick={() => onChange(null)} disabled={disabled} />
          </Group>
        )}
      </Paper>
    </Input.Wrapper>
  );
}
