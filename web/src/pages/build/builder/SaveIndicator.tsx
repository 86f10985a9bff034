import { Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import type { SaveState } from './useDraftSaving';

/** "10:42", in the person's own time. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Whether what is on screen is saved: Saving…, Saved at 10:42, or why not. */
export function SaveIndicator({ state }: { state: SaveState }) {
  let content;
  switch (state.kind) {
    case 'saving':
      content = (
        <>
          <Loader size={12} aria-hidden />
          <Text size="sm">Saving…</Text>
        </>
      );
      break;
    case 'saved':
      content = (
        <>
          <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
          <Text size="sm" title={`Revision ${state.revision}`}>
            Saved at {clockTime(state.at)}
          </Text>
        </>
      );
      break;
    case 'pending':
      content = (
        <>
          <IconPencil size={16} color="var(--mantine-color-orange-6)" aria-hidden />
          <Text size="sm">Unsaved changes</Text>
        </>
      );
      break;
    case 'new':
      content = (
        <Text size="sm" c="dimmed">
          Not saved yet
        </Text>
      );
      break;
    case 'unreadable':
    case 'conflict':
    case 'failed':
      content = (
        <>
          <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" aria-hidden />
          <Text size="sm" c="red.8" truncate maw={260} title={state.kind === 'failed' ? state.message : undefined}>
            Not saved: {state.kind === 'failed' ? state.message : state.kind === 'conflict' ? 'someone else saved it meanwhile' : 'the YAML cannot be read'}
          </Text>
        </>
      );
  }
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="builder-save-status" data-state={state.kind}>
      {content}
    </Group>
  );
}
