import { Group, Paper, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { localTime } from '../../audit/format';

/** A panel of runs beside the form: its title, then the runs (or why there are none). */
export function RunsSection({ titleId, title, children }: { titleId: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h5" mb="sm" id={titleId}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** A run as a list shows it: what the list knows of it, in its words. */
export interface RunRow {
  id: string;
  created_at: string;
  /** When it started, in words ("5 minutes ago"); its exact time shows on hover. */
  when: string;
  /** Beside when it started: its status, say. */
  aside: ReactNode;
  /** A line under, if there is something to say. */
  line?: string;
}

interface RunListProps<Row extends RunRow> {
  rows: readonly Row[];
  /** The run shown now, marked in the list. */
  selected: string | null;
  onOpen: (row: Row) => void;
  /** The list's test id; each run's is this, singular, and its id ("recent-runs" → "recent-run-<id>"). */
  testId: string;
}

/** Runs, the newest first; each is a button that opens it. */
export function RunList<Row extends RunRow>({ rows, selected, onOpen, testId }: RunListProps<Row>) {
  const itemTestId = testId.replace(/s$/, '');
  return (
    <Stack gap={4} data-testid={testId} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {rows.map((row) => {
        const current = row.id === selected;
        return (
          <li key={row.id}>
            <UnstyledButton
              onClick={() => onOpen(row)}
              aria-current={current ? 'true' : undefined}
              data-testid={`${itemTestId}-${row.id}`}
              w="100%"
              p="xs"
              style={{
                borderRadius: 'var(--mantine-radius-sm)',
                background: current ? 'var(--mantine-primary-color-light)' : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Tooltip label={localTime(row.created_at)} openDelay={300}>
                  <Text size="sm" fw={500}>
                    {row.when}
                  </Text>
                </Tooltip>
                {row.aside}
              </Group>
              {row.line !== undefined && row.line !== '' && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {row.line}
                </Text>
              )}
            </UnstyledButton>
          </li>
        );
      })}
    </Stack>
  );
}
