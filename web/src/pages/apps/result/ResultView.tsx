import { List, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { DocumentValue } from '../../../components/DocumentDownload';
import { JsonValue } from '../../../components/JsonValue';
import { fieldLabel } from '../form/fields';
import { cellText, orderedOutputs, shapeOf } from './shape';

// The Markdown renderer is loaded with the first result shown, not with every page.
const Markdown = lazy(() => import('./Markdown').then((module) => ({ default: module.Markdown })));

interface OutputValueProps {
  value: unknown;
  testId?: string;
  /** Whether a document is offered as a link: not to someone not signed in, whom its download would refuse. */
  documentLinks?: boolean;
}

/** One output by its shape: a document's download, Markdown, a table, a list, or JSON. */
export function OutputValue({ value, testId, documentLinks = true }: OutputValueProps) {
  const shape = shapeOf(value);
  switch (shape.kind) {
    case 'documents':
      return <DocumentValue documents={shape.documents} linked={documentLinks} testId={testId} />;
    case 'markdown':
      return (
        // Until the renderer is there, the text as it is.
        <Suspense fallback={<JsonValue value={shape.text} />}>
          <Markdown text={shape.text} testId={testId} />
        </Suspense>
      );
    case 'value':
      return (
        <Text size="sm" data-testid={testId}>
          {shape.text}
        </Text>
      );
    case 'empty':
      return (
        <Text size="sm" c="dimmed" data-testid={testId}>
          Nothing
        </Text>
      );
    case 'list':
      return (
        <List size="sm" data-testid={testId}>
          {shape.items.map((item, index) => (
            <List.Item key={index}>{cellText(item)}</List.Item>
          ))}
        </List>
      );
    case 'record':
      return (
        <Table withTableBorder withColumnBorders verticalSpacing={6} fz="sm" data-testid={testId} maw={640}>
          <Table.Tbody>
            {shape.rows.map(([key, cell]) => (
              <Table.Tr key={key}>
                <Table.Th w="35%" scope="row" fw={500} bg="var(--mantine-color-gray-0)">
                  {fieldLabel(key)}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{cellText(cell)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      );
    case 'table':
      return (
        <Table.ScrollContainer minWidth={Math.min(160 * shape.columns.length, 900)}>
          <Table withTableBorder striped verticalSpacing={6} fz="sm" data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                {shape.columns.map((column) => (
                  <Table.Th key={column}>{fieldLabel(column)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shape.rows.map((row, index) => (
                <Table.Tr key={index}>
                  {shape.columns.map((column) => (
                    <Table.Td key={column} style={{ overflowWrap: 'anywhere' }}>
                      {cellText(row[column])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
    case 'json':
      return <JsonValue value={shape.value} testId={testId} />;
  }
}

interface ResultViewProps {
  declared: readonly string[];
  outputs: Record<string, unknown> | null | undefined;
  /** Whether the documents the run wrote are offered as links (the session cookie goes along); true unless said. */
  documentLinks?: boolean;
}

/** A run's outputs, each under its name, in the order the app declares them. */
export function ResultView({ declared, outputs, documentLinks = true }: ResultViewProps) {
  const entries = orderedOutputs(declared, outputs);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="app-result">
        The run finished. This app gives no outputs to show.
      </Text>
    );
  }
  return (
    <Stack gap="lg" data-testid="app-result">
      {entries.map(([name, value]) => (
        <Stack key={name} gap={6} data-testid={`output-${name}`}>
          <Title order={3} size="h5">
            {fieldLabel(name)}
          </Title>
          <OutputValue value={value} testId={`output-value-${name}`} documentLinks={documentLinks} />
        </Stack>
      ))}
    </Stack>
  );
}
