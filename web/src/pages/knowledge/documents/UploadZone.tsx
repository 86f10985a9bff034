import { Button, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { ACCEPT, uploadRules } from '../documentKinds';

interface UploadZoneProps {
  /** Files chosen or dropped, as they came. */
  onFiles: (files: File[]) => void;
}

/** Where documents are dropped, or chosen with the normal file picker (several at once). */
export function UploadZone({ onFiles }: UploadZoneProps) {
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <Paper
      radius="md"
      p="lg"
      data-testid="document-drop"
      data-dragging={over || undefined}
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        setOver(true);
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
        multiple
        accept={ACCEPT}
        aria-label="Documents to upload"
        data-testid="document-input"
        style={{ display: 'none' }}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Cleared, so that choosing the same file again is noticed.
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <Group gap="md" wrap="nowrap">
        <ThemeIcon size={44} radius="xl" variant="light">
          <IconUpload size={22} stroke={1.6} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500}>
            Drag documents here, or choose them
          </Text>
          <Text size="xs" c="dimmed" data-testid="document-rules">
            {uploadRules()}. A document with the name of one already here replaces it.
          </Text>
        </Stack>
        <Button variant="default" size="sm" onClick={() => picker.current?.click()}>
          Choose files
        </Button>
      </Group>
    </Paper>
  );
}
