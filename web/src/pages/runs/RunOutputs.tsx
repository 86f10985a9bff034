import { DataList, Text } from '@mantine/core';
import type { RunView } from '../../api/types';
import { DocumentValue } from '../../components/DocumentDownload';
import { documentsIn } from '../../components/documentFile';
import { JsonValue } from '../../components/JsonValue';

function RunOutputValue({ value }: { value: unknown }) {
  const documents = documentsIn(value);
  return documents === null ? <JsonValue value={value} /> : <DocumentValue documents={documents} raw={value} />;
}

interface RunOutputsProps {
  outputs: RunView['outputs'];
  testId: string;
  /** Said instead when the workflow declares no outputs. */
  empty: string;
  /** Narrower where the outputs share a side panel. */
  labelWidth?: number;
}

/** A run's outputs: each by name, a document as its download (its JSON on demand), text as text and anything else as pretty JSON. */
export function RunOutputs({ outputs, testId, empty, labelWidth = 120 }: RunOutputsProps) {
  const entries = Object.entries(outputs ?? {});
  if (entries.length === 0) {
    return (
      <Text size="sm" data-testid={testId}>
        {empty}
      </Text>
    );
  }
  return (
    <DataList size="sm" labelWidth={labelWidth} gap="sm" data-testid={testId}>
      {entries.map(([name, value]) => (
        <DataList.Item key={name}>
          <DataList.ItemLabel>{name}</DataList.ItemLabel>
          <DataList.ItemValue style={{ minWidth: 0 }}>
            <RunOutputValue value={value} />
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
