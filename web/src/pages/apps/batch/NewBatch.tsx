import { Alert, Badge, Button, Group, NumberInput, Paper, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay, IconTableOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { components } from '../../../api/schema.gen';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import { rows, type BatchPreview, type BatchView } from './progress';
import { batchAppOf, usePreviewBatch, useStartBatch, useTableSources, type TableChoice } from './queries';
import { StorePicker } from './StorePicker';
import { TableDrop } from './TableDrop';
import {
  cellText,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  problemText,
  tableInputs,
  unmappedRequired,
  withColumn,
} from './table';

type AppDetail = components['schemas']['AppDetail'];

/** Where the table is taken from: a file uploaded, or a file store where the app runs. */
type TableFrom = 'upload' | 'store';

/** Why a table was refused, in words a person acts on. */
function refusal(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError && error.code === 'invalid_input') {
    const message = sentence(problemText(error.fieldMessage));
    return { title: error.field === 'mapping' ? 'That column cannot feed that input' : 'This table could not be read', message };
  }
  if (error instanceof ApiError && error.code === 'forbidden') return { title: 'You may not use that table', message: errorMessage(error) };
  if (error instanceof ApiError && error.code === 'not_in_audience') return { title: 'You may not run this app as a batch', message: errorMessage(error) };
  if (error instanceof ApiError && error.code === 'quota_exceeded') return { title: 'More rows than you may run today', message: errorMessage(error) };
  if (error instanceof ApiError && error.code === 'frozen') return { title: 'The app is paused', message: errorMessage(error) };
  return { title: 'The batch could not be started', message: errorMessage(error) };
}

function Counts({ preview }: { preview: BatchPreview }) {
  return (
    <Group gap="xs" data-testid="batch-preview-counts">
      <Badge size="lg" variant="light" color="gray" tt="none">
        {rows(preview.total)} in all
      </Badge>
      <Badge size="lg" variant="light" color="teal" tt="none" data-testid="batch-preview-valid">
        {preview.valid.toLocaleString('en')} will run
      </Badge>
      {preview.invalid > 0 && (
        <Badge size="lg" variant="light" color="red" tt="none" data-testid="batch-preview-invalid">
          {preview.invalid.toLocaleString('en')} will not run
        </Badge>
      )}
    </Group>
  );
}

function Mapping({
  app,
  preview,
  disabled,
  onChange,
}: {
  app: AppDetail;
  preview: BatchPreview;
  disabled: boolean;
  onChange: (input: string, column: string | null) => void;
}) {
  const inputs = tableInputs(app.inputs);
  if (inputs.length === 0) return null;
  const missing = unmappedRequired(app.inputs, preview.mapping);
  return (
    <Stack gap="xs" data-testid="batch-mapping">
      <Stack gap={0}>
        <Title order={3} size="h5">
          Which column feeds each input
        </Title>
        <Text size="sm" c="dimmed">
          Columns named like an input are chosen for it. An input with no column is left empty (or takes its default).
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        {inputs.map((input) => (
          <Select
            key={input.name}
            label={input.name}
            description={input.description ?? undefined}
            required={input.required}
            data={preview.columns}
            value={preview.mapping[input.name] ?? null}
            onChange={(column) => onChange(input.name, column)}
            placeholder="No column"
            clearable={!input.required}
            disabled={disabled}
            error={missing.some((m) => m.name === input.name) ? 'Choose the column that holds it' : undefined}
            comboboxProps={{ withinPortal: true }}
            data-testid={`batch-map-${input.name}`}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function SampleRows({ preview }: { preview: BatchPreview }) {
  const problems = new Map(preview.problems.map((problem) => [problem.row, problem.message]));
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        The first {preview.rows.length === 1 ? 'row' : `${preview.rows.length} rows`}
      </Title>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <ScrollArea type="auto" offsetScrollbars>
          <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="batch-preview-rows" miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>Row</Table.Th>
                {preview.columns.map((column) => (
                  <Table.Th key={column}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row, index) => {
                const number = index + 1;
                const problem = problems.get(number);
                return (
                  <Table.Tr key={number} bg={problem !== undefined ? 'var(--mantine-color-red-0)' : undefined} data-testid="batch-preview-row">
                    <Table.Td c={problem !== undefined ? 'red.8' : 'dimmed'}>{number}</Table.Td>
                    {row === null ? (
                      <Table.Td colSpan={preview.columns.length} c="red.8">
                        This row does not read: {problem !== undefined ? problemText(problem) : 'see the rows that will not run'}
                      </Table.Td>
                    ) : (
                      preview.columns.map((column) => (
                        <Table.Td key={column} maw={320}>
                          <Text size="sm" lineClamp={2}>
                            {cellText(row[column])}
                          </Text>
                        </Table.Td>
                      ))
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}

function Problems({ preview }: { preview: BatchPreview }) {
  if (preview.invalid === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconTableOff />} title={`${rows(preview.invalid)} will not run`} data-testid="batch-problems">
      <Stack gap="xs">
        <Text size="sm">
          They are kept in the results with why, so nothing is lost: fix them in the table and run them again, or start now and deal with them
          later.
        </Text>
        <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars>
          <Table fz="sm" verticalSpacing={2} withRowBorders={false}>
            <Table.Tbody>
              {preview.problems.map((problem) => (
                <Table.Tr key={problem.row} data-testid="batch-problem">
                  <Table.Td w={72} fw={600} style={{ whiteSpace: 'nowrap' }}>
                    Row {problem.row}
                  </Table.Td>
                  <Table.Td>{sentence(problemText(problem.message))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {preview.invalid > preview.problems.length && (
          <Text size="xs" c="dimmed">
            The first {preview.problems.length} are shown; all {preview.invalid.toLocaleString('en')} are in the results.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * A new batch: choose a table, see what it would make (its first rows, which column feeds each input, the rows that
 * would not run and why), choose how many runs at a time, and start it.
 */
export function NewBatch({ app, onStarted }: { app: AppDetail; onStarted: (batch: BatchView) => void }) {
  const target = batchAppOf(app);
  const preview = usePreviewBatch(target);
  const start = useStartBatch(target);
  const sources = useTableSources(target);
  const [from, setFrom] = useState<TableFrom>('upload');
  const [table, setTable] = useState<TableChoice | null>(null);
  const [shown, setShown] = useState<BatchPreview | null>(null);
  const [rejected, setRejected] = useState<string | null>(null);
  const [concurrency, setConcurrency] = useState<number>(DEFAULT_CONCURRENCY);
  // A file store is offered only when there is one the person may use.
  const stores = sources.data ?? [];
  const fromStore = from === 'store' && stores.length > 0;

  const look = (chosen: TableChoice, mapping?: Record<string, string>) => {
    start.reset();
    preview.mutate({ table: chosen, ...(mapping === undefined ? {} : { mapping }) }, { onSuccess: setShown });
  };
  const choose = (chosen: TableChoice | null) => {
    setRejected(null);
    setShown(null);
    setTable(chosen);
    preview.reset();
    start.reset();
    if (chosen !== null) look(chosen);
  };
  const concurrencyValid = Number.isInteger(concurrency) && concurrency >= MIN_CONCURRENCY && concurrency <= MAX_CONCURRENCY;
  const missing = shown === null ? [] : unmappedRequired(app.inputs, shown.mapping);
  const failure = preview.error ?? start.error;
  const busy = preview.isPending || start.isPending;

  return (
    <Stack gap="md" data-testid="batch-new">
      {stores.length > 0 && (
        <SegmentedControl
          value={fromStore ? 'store' : 'upload'}
          onChange={(value) => {
            if (value === from) return;
            setFrom(value === 'store' ? 'store' : 'upload');
            choose(null);
          }}
          data={[
            { value: 'upload', label: 'Upload a file' },
            { value: 'store', label: 'From a file store' },
          ]}
          disabled={start.isPending}
          aria-label="Where the table comes from"
          style={{ alignSelf: 'flex-start' }}
          data-testid="batch-table-from"
        />
      )}
      {fromStore ? (
        <StorePicker
          target={target}
          sources={stores}
          chosen={table?.kind === 'store' ? table : null}
          disabled={start.isPending}
          onChoose={choose}
        />
      ) : (
        <TableDrop
          file={table?.kind === 'upload' ? table.file : null}
          disabled={start.isPending}
          onChange={(file) => choose(file === null ? null : { kind: 'upload', file })}
          onReject={setRejected}
        />
      )}
      {rejected !== null && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Not a table Paddock reads" role="alert" data-testid="batch-file-rejected">
          {rejected}
        </Alert>
      )}
      {preview.isPending && shown === null && (
        <Text size="sm" c="dimmed" data-testid="batch-preview-loading">
          Reading the table…
        </Text>
      )}
      {failure !== null && (
        <Alert color="red" icon={<IconAlertTriangle />} title={refusal(failure).title} role="alert" data-testid="batch-error">
          {refusal(failure).message}
        </Alert>
      )}
      {table !== null && shown !== null && (
        <Stack gap="lg" data-testid="batch-preview">
          <Counts preview={shown} />
          <Mapping app={app} preview={shown} disabled={busy} onChange={(input, column) => look(table, withColumn(shown.mapping, input, column))} />
          <SampleRows preview={shown} />
          <Problems preview={shown} />
          <Paper withBorder radius="md" p="md">
            <Group align="flex-end" justify="space-between" wrap="wrap" gap="md">
              <NumberInput
                label="Runs at a time"
                description={`${MIN_CONCURRENCY} to ${MAX_CONCURRENCY}: more finishes sooner, but weighs more on the systems it calls`}
                min={MIN_CONCURRENCY}
                max={MAX_CONCURRENCY}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="strict"
                value={concurrency}
                onChange={(value) => setConcurrency(typeof value === 'number' ? value : Number.parseInt(value, 10))}
                error={concurrencyValid ? undefined : `A whole number from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY}`}
                w={340}
                data-testid="batch-concurrency"
              />
              <Button
                size="md"
                leftSection={<IconPlayerPlay size={18} />}
                disabled={shown.valid === 0 || missing.length > 0 || !concurrencyValid || preview.isPending}
                loading={start.isPending}
                onClick={() => start.mutate({ table, mapping: shown.mapping, concurrency }, { onSuccess: onStarted })}
                data-testid="batch-start"
              >
                {shown.valid === 0 ? 'No row would run' : `Start the batch (${rows(shown.valid)} to run)`}
              </Button>
            </Group>
          </Paper>
        </Stack>
      )}
    </Stack>
  );
}
