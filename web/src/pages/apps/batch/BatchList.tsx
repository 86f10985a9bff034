import { Badge, Paper, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { localTime } from '../../audit/format';
import { relativeTime } from '../format';
import { BatchBar } from './BatchProgress';
import { batchStatus, rows, type BatchView } from './progress';

interface BatchListProps {
  batches: readonly BatchView[];
  /** The batch shown above, if any. */
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The person's earlier batches of the app, newest first: each opens its progress and results. */
export function BatchList({ batches, selected, onSelect }: BatchListProps) {
  if (batches.length === 0) return null;
  return (
    <Stack gap="xs" component="section" data-testid="batch-list">
      <Title order={2} size="h4">
        Your batches
      </Title>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table highlightOnHover verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Table</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th w={220}>Progress</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {batches.map((batch) => {
              const status = batchStatus(batch);
              const current = batch.id === selected;
              return (
                <Table.Tr
                  key={batch.id}
                  onClick={() => onSelect(batch.id)}
                  style={{ cursor: 'pointer' }}
                  bg={current ? 'var(--mantine-primary-color-light)' : undefined}
                  aria-current={current || undefined}
                  data-testid="batch-list-row"
                >
                  <Table.Td>
                    <UnstyledButton
                      onClick={(event) => {
                        event.stopPropagation();
                        onSelect(batch.id);
                      }}
                      fw={500}
                      fz="sm"
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {batch.source_name}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td title={localTime(batch.created_at)}>{relativeTime(batch.created_at)}</Table.Td>
                  <Table.Td>{rows(batch.total)}</Table.Td>
                  <Table.Td>
                    <BatchBar batch={batch} size="sm" testId="batch-list-bar" />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={status.color} variant="light" tt="none">
                      {status.label}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      <Text size="xs" c="dimmed">
        Results are kept with each batch: open one to download them again.
      </Text>
    </Stack>
  );
}
