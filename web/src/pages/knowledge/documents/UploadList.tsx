import { Button, Group, Paper, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClock, IconEqual, IconRefresh, IconUpload, type Icon } from '@tabler/icons-react';
import { formatBytes } from '../format';
import { isSettled, type UploadItem, type UploadState } from './useUploads';

const STATE_INFO: Readonly<Record<UploadState, { icon: Icon; color: string; words: (item: UploadItem) => string }>> = {
  waiting: { icon: IconClock, color: 'gray', words: () => 'Waiting to be sent' },
  sending: { icon: IconUpload, color: 'blue', words: (item) => `Uploading… ${Math.round(item.progress * 100)}%` },
  added: { icon: IconCheck, color: 'green', words: () => 'Uploaded. Follow its reading in the list below.' },
  replaced: { icon: IconRefresh, color: 'green', words: () => 'Uploaded. It replaces the document of the same name, which is read again.' },
  unchanged: { icon: IconEqual, color: 'gray', words: () => 'Already here with the same content: nothing changed.' },
  refused: { icon: IconAlertTriangle, color: 'red', words: (item) => item.message ?? 'Not sent' },
  failed: { icon: IconAlertTriangle, color: 'red', words: (item) => item.message ?? 'Not uploaded' },
};

function UploadRow({ item }: { item: UploadItem }) {
  const info = STATE_INFO[item.state];
  const StateIcon = info.icon;
  const problem = item.state === 'refused' || item.state === 'failed';
  const percent = item.state === 'waiting' || problem ? 0 : Math.round(item.progress * 100);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={`upload-${item.name}`} data-state={item.state}>
      <ThemeIcon size={28} radius="xl" variant="light" color={info.color}>
        <StateIcon size={16} stroke={1.6} />
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={500} truncate="end">
            {item.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {formatBytes(item.size)}
          </Text>
        </Group>
        {!problem && (
          <Progress
            value={percent}
            size="sm"
            radius="xl"
            color={item.state === 'sending' || item.state === 'waiting' ? 'blue' : 'green'}
            striped={item.state === 'sending'}
            animated={item.state === 'sending'}
            aria-label={`${item.name}: ${percent}% sent`}
            data-testid={`upload-progress-${item.name}`}
          />
        )}
        <Text size="xs" c={problem ? 'red.8' : 'dimmed'} role={problem ? 'alert' : undefined} data-testid={`upload-state-${item.name}`}>
          {info.words(item)}
        </Text>
      </Stack>
    </Group>
  );
}

/** The files being uploaded, and how each went; those done with can be cleared away. */
export function UploadList({ items, onClear }: { items: readonly UploadItem[]; onClear: () => void }) {
  if (items.length === 0) return null;
  const settled = items.filter(isSettled).length;
  return (
    <Paper withBorder radius="md" p="md" data-testid="uploads">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Uploads
          </Text>
          {settled > 0 && (
            <Button variant="subtle" size="compact-sm" onClick={onClear}>
              Clear finished
            </Button>
          )}
        </Group>
        {items.map((item) => (
          <UploadRow key={item.key} item={item} />
        ))}
      </Stack>
    </Paper>
  );
}
