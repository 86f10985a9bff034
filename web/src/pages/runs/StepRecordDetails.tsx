import { Alert, DataList, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StepView } from '../../api/types';
import { DocumentValue } from '../../components/DocumentDownload';
import { documentsIn } from '../../components/documentFile';
import { JsonValue } from '../../components/JsonValue';
import { DrawerSection } from '../admin/DrawerSection';
import { localTime } from '../audit/format';
import { costText, formatDuration } from './format';
import { StatusBadge } from './StatusBadge';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/**
 * Everything recorded of one step: status, attempts, model, tokens and cost, times, input, output (a document it wrote
 * as its download, over the JSON) and error.
 */
export function StepRecordDetails({ record }: { record: StepView }) {
  const documents = documentsIn(record.output);
  const tokens = record.input_tokens != null || record.output_tokens != null;
  return (
    <Stack gap="lg">
      <DataList size="sm" labelWidth={130} gap="xs">
        <Item label="Status">
          <StatusBadge kind="step" status={record.status} />
        </Item>
        <Item label="Attempts">{record.attempts}</Item>
        {record.model && <Item label="Model">{record.model}</Item>}
        {tokens && (
          <Item label="Tokens">
            {`${(record.input_tokens ?? 0).toLocaleString()} in, ${(record.output_tokens ?? 0).toLocaleString()} out`}
          </Item>
        )}
        {record.cost != null && <Item label="Cost">{costText(record.cost)}</Item>}
        <Item label="Started">{localTime(record.started_at)}</Item>
        {record.finished_at && <Item label="Finished">{localTime(record.finished_at)}</Item>}
        {record.duration_ms != null && <Item label="Took">{formatDuration(record.duration_ms)}</Item>}
      </DataList>
      {record.error && (
        <Alert color="red" title="What went wrong" data-testid="step-error">
          {record.error}
        </Alert>
      )}
      <DrawerSection title="Input">
        <JsonValue value={record.input} testId="step-input" />
      </DrawerSection>
      <DrawerSection title="Output">
        {documents !== null && <DocumentValue documents={documents} testId="step-output-documents" />}
        <JsonValue value={record.output} testId="step-output" />
      </DrawerSection>
    </Stack>
  );
}
