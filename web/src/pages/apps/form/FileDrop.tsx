import { Button, Group, Input, Loader, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFile, IconUpload } from '@tabler/icons-react';
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { acceptAttribute, fileProblem, fileRules, formatBytes, type FileLimits } from './files';

/**
 * A file input as the drop zone reads it: its name, whether it is required, and what it takes. An app's input has all
 * of this; so has a workflow's input as written (the builder's test panel uses this drop zone too).
 */
export interface FileDropInput extends FileLimits {
  name: string;
  required?: boolean | undefined;
}

/** A file shown in the drop zone: a `File` just chosen, or one already uploaded, by its name and size. */
export interface ShownFile {
  name: string;
  size: number;
}

interface FileDropProps {
  input: FileDropInput;
  label: string;
  description: ReactNode;
  file: ShownFile | null;
  /** A file being sent now (an upload): shown with a loader in place of the file, and nothing can be chosen meanwhile. */
  uploading?: ShownFile | null | undefined;
  error?: string | undefined;
  disabled?: boolean;
  /** What takes the file, as a refusal names it: "this app" unless told. */
  who?: string;
  /** The test ids of the file picker (`file-input-<name>` unless told) and of the shown file's name (none unless told). */
  testIds?: { input?: string; name?: string };
  /** A file the input takes was chosen (or null: removed). */
  onChange: (file: File | null) => void;
  /** A file the input does not take was chosen: why, in words. Nothing is kept. */
  onReject: (message: string) => void;
}

/**
 * A file input as a drop zone: drag a file onto it, or choose one with the normal file picker. Files of a kind the
 * input does not accept, or larger than it takes, are refused here with a message, before anything is sent.
 */
export function FileDrop({
  input,
  label,
  description,
  file,
  uploading = null,
  error,
  disabled: disabledByForm = false,
  who,
  testIds = {},
  onChange,
  onReject,
}: FileDropProps) {
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const rules = fileRules(input);
  // Nothing else can be chosen while a file is on its way.
  const disabled = disabledByForm || uploading !== null;

  const take = (chosen: File | undefined) => {
    if (chosen === undefined) return;
    const problem = fileProblem(input, chosen, who);
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
        aria-busy={uploading !== null || undefined}
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
          data-testid={testIds.input ?? `file-input-${input.name}`}
          style={{ display: 'none' }}
          onChange={(event) => {
            take(event.currentTarget.files?.[0]);
            // Cleared, so that choosing the same file again is noticed.
            event.currentTarget.value = '';
          }}
        />
        {uploading !== null ? (
          <Group gap="md" wrap="nowrap" role="status" data-testid={`file-uploading-${input.name}`}>
            <ThemeIcon size={40} radius="xl" variant="light">
              <Loader size={18} />
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={500} truncate="end">
                Uploading {uploading.name}…
              </Text>
              <Text size="xs" c="dimmed">
                {formatBytes(uploading.size)}
              </Text>
            </Stack>
          </Group>
        ) : file === null ? (
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
              <Text size="sm" fw={500} truncate="end" data-testid={testIds.name}>
                {file.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatBytes(file.size)}
              </Text>
            </Stack>
            <Button variant="subtle" size="xs" onClick={() => picker.current?.click()} disabled={disabled}>
              Replace
            </Button>
            <Button variant="subtle" color="red" size="xs" aria-label={`Remove ${file.name}`} onClick={() => onChange(null)} disabled={disabled}>
              Remove
            </Button>
          </Group>
        )}
      </Paper>
    </Input.Wrapper>
  );
}
