import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconFileOff } from '@tabler/icons-react';
import { formatBytes } from '../pages/apps/form/files';
import { documentKindName } from '../pages/knowledge/documentKinds';
import { deletedNote, isPastRetention, retentionDay, type DocumentOutput } from './documentFile';
import { JsonValue } from './JsonValue';

interface DocumentDownloadProps {
  document: DocumentOutput;
  /**
   * Whether the file may be downloaded with a plain link (the session cookie goes along). Not for someone not signed
   * in: the file is named, without a link that could only refuse them.
   */
  linked?: boolean;
  testId?: string;
}

/** One document a run wrote: a button that downloads it, named and sized; a dimmed note once it was deleted. */
export function DocumentDownload({ document, linked = true, testId }: DocumentDownloadProps) {
  const size = document.size == null ? null : formatBytes(document.size);
  const kind = documentKindName(document.media_type);
  const deletedAt = isPastRetention(document.expires_at) ? document.expires_at : undefined;
  if (deletedAt !== undefined) {
    return (
      <Group gap={6} wrap="nowrap" data-testid={testId} data-expired="true">
        <IconFileOff size={16} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {document.name} · {deletedNote(deletedAt)}
        </Text>
      </Group>
    );
  }
  return (
    <Stack gap={2} align="flex-start" data-testid={testId}>
      {linked ? (
        <Button
          component="a"
          href={document.download}
          download
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          aria-label={`Download ${document.name}${size === null ? '' : ` (${size})`}`}
          styles={{ label: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
          h="auto"
          mih={30}
        >
          {document.name}
          {size !== null && (
            <Text span size="xs" c="dimmed" ml={6}>
              {size}
            </Text>
          )}
        </Button>
      ) : (
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {document.name}
          {size !== null && (
            <Text span size="xs" c="dimmed" ml={6}>
              {size}
            </Text>
          )}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {!linked
          ? `${kind} · kept with the run; it cannot be downloaded from this page`
          : document.expires_at
            ? `${kind} · kept until ${retentionDay(document.expires_at)}`
            : kind}
      </Text>
    </Stack>
  );
}

interface DocumentValueProps {
  documents: readonly DocumentOutput[];
  /** The value as it is, shown on demand: what the output was before it was read as documents. */
  raw?: unknown;
  linked?: boolean;
  testId?: string;
}

/** One or more documents, each as its download; with `raw`, the JSON too, behind a toggle. */
export function DocumentValue({ documents, raw, linked = true, testId }: DocumentValueProps) {
  const [showJson, { toggle }] = useDisclosure(false);
  return (
    <Stack gap={6} data-testid={testId} style={{ minWidth: 0 }}>
      {documents.map((document, index) => (
        <DocumentDownload key={document.artifact ?? index} document={document} linked={linked} />
      ))}
      {raw !== undefined && (
        <>
          <Anchor component="button" type="button" size="xs" onClick={toggle} aria-expanded={showJson} w="fit-content">
            {showJson ? 'Hide the JSON' : 'Show the JSON'}
          </Anchor>
          {showJson && <JsonValue value={raw} />}
        </>
      )}
    </Stack>
  );
}
