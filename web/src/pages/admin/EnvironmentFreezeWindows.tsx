import { ActionIcon, Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendarPlus, IconTrash } from '@tabler/icons-react';
import { windowKey, type EnvironmentErrors, type WindowState } from './environmentRules';

interface FreezeWindowsProps {
  windows: readonly WindowState[];
  onChange: (windows: WindowState[]) => void;
  errors: EnvironmentErrors;
  /** The server's refusal of the windows as a whole. */
  error?: string;
}

/** Times when nothing is deployed to the environment, each with a start, an end and a reason. */
export function EnvironmentFreezeWindows({ windows, onChange, errors, error }: FreezeWindowsProps) {
  const edit = (index: number, change: Partial<WindowState>) =>
    onChange(windows.map((window, at) => (at === index ? { ...window, ...change } : window)));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <Stack gap="sm" data-testid="freeze-windows">
      <Text size="sm" c="dimmed">
        While a window is on, no review deploys here and builders cannot deploy either. Times are in your time zone ({zone}).
      </Text>
      {error !== undefined && (
        <Alert color="red" role="alert" p="xs" data-testid="freeze-windows-error">
          {error}
        </Alert>
      )}
      {windows.length === 0 && (
        <Text size="sm" c="dimmed" fs="italic">
          No freeze windows.
        </Text>
      )}
      {windows.map((window, index) => (
        <Paper key={window.key} withBorder radius="md" p="sm" data-testid="freeze-window">
          <Stack gap="xs">
            <Group grow align="flex-start" gap="xs">
              <TextInput
                type="datetime-local"
                label="Starts"
                value={window.startsAt}
                onChange={(event) => edit(index, { startsAt: event.currentTarget.value })}
                error={errors[`window-${index}-startsAt`]}
              />
              <TextInput
                type="datetime-local"
                label="Ends"
                value={window.endsAt}
                onChange={(event) => edit(index, { endsAt: event.currentTarget.value })}
                error={errors[`window-${index}-endsAt`]}
              />
            </Group>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput
                label="Reason"
                placeholder="Year-end change freeze"
                maxLength={200}
                value={window.reason}
                onChange={(event) => edit(index, { reason: event.currentTarget.value })}
                error={errors[`window-${index}-reason`]}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mb={errors[`window-${index}-reason`] === undefined ? 2 : 24}
                aria-label={`Remove freeze window ${index + 1}`}
                onClick={() => onChange(windows.filter((_, at) => at !== index))}
              >
                <IconTrash size={18} stroke={1.6} />
              </ActionIcon>
            </Group>
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconCalendarPlus size={16} stroke={1.6} />}
          onClick={() => onChange([...windows, { key: windowKey(), startsAt: '', endsAt: '', reason: '' }])}
        >
          Add a freeze window
        </Button>
      </Group>
    </Stack>
  );
}
