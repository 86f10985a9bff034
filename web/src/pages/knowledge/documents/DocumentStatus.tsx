import { Badge, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { passages, readingProgress, STATUS_INFO } from '../format';
import { statusOf, type KnowledgeDocument } from '../types';

/** Where reading a document stands: a badge, how far reading has come, or why it could not be read. */
export function DocumentStatus({ document }: { document: KnowledgeDocument }) {
  const status = statusOf(document);
  const info = STATUS_INFO[status];
  const reading = status === 'ingesting' ? readingProgress(document) : null;
  return (
    <Stack gap={4} data-testid={`document-status-${document.name}`} data-status={status}>
      <Tooltip label={info.help} multiline w={260} openDelay={300} withArrow>
        <Badge variant="light" color={info.color} tt="none" fw={600} w="fit-content">
          {info.label}
        </Badge>
      </Tooltip>
      {reading !== null && (
        <>
          <Progress
            value={reading.percent ?? 100}
            size="sm"
            radius="xl"
            striped
            animated
            maw={180}
            aria-label={`${document.name}: ${reading.text}`}
            data-testid={`document-reading-${document.name}`}
          />
          <Text size="xs" c="dimmed">
            {reading.text}
          </Text>
        </>
      )}
      {status === 'queued' && (
        <Text size="xs" c="dimmed">
          Waiting its turn to be read
        </Text>
      )}
      {status === 'ready' && (
        <Text size="xs" c="dimmed">
          {passages(document.passages)}
          {document.pages != null && document.pages > 1 ? ` from ${document.pages} pages` : ''}
          {document.ocr_pages > 0 ? ` · ${document.ocr_pages} read from scans` : ''}
        </Text>
      )}
      {status === 'failed' && (
        <Text size="xs" c="red.8" maw={360} data-testid={`document-error-${document.name}`}>
          {document.error ?? 'Paddock could not read it. Read it again, or upload a new copy.'}
        </Text>
      )}
    </Stack>
  );
}
