import { Button, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconReload, IconTrash } from '@tabler/icons-react';
import { localTime } from '../../audit/format';
import { relativeTime } from '../../apps/format';
import { documentKindName } from '../documentKinds';
import { formatBytes } from '../format';
import type { KnowledgeDocument } from '../types';
import { DocumentStatus } from './DocumentStatus';

interface DocumentTableProps {
  documents: readonly KnowledgeDocument[];
  /** Whether the person may read documents again and remove them. */
  manage: boolean;
  onReread: (document: KnowledgeDocument) => void;
  onRemove: (document: KnowledgeDocument) => void;
}

/** The documents of a knowledge base, each with where reading it stands. */
export function DocumentTable({ documents, manage, onReread, onRemove }: DocumentTableProps) {
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={640} type="native">
        <Table verticalSpacing="sm" data-testid="documents-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Document</Table.Th>
              <Table.Th w={260}>Status</Table.Th>
              <Table.Th w={180}>Added</Table.Th>
              {manage && <Table.Th w={200} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {documents.map((document) => (
              <Table.Tr key={document.id} data-testid={`document-row-${document.name}`}>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {document.name}
                    </Text>
                    <Text size="xs" c="dimmed" data-testid={`document-kind-${document.name}`}>
                      {documentKindName(document.media_type)} · {formatBytes(document.size)}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <DocumentStatus document={document} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={localTime(document.created_at)} openDelay={300}>
                    <Text size="sm">{relativeTime(document.created_at)}</Text>
                  </Tooltip>
                  {document.uploaded_by && (
                    <Text size="xs" c="dimmed" truncate="end">
                      by {document.uploaded_by}
                    </Text>
                  )}
                </Table.Td>
                {manage && (
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        leftSection={<IconReload size={14} stroke={1.6} />}
                        onClick={() => onReread(document)}
                        aria-label={`Read ${document.name} again`}
                      >
                        Read again
                      </Button>
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        leftSection={<IconTrash size={14} stroke={1.6} />}
                        onClick={() => onRemove(document)}
                        aria-label={`Remove ${document.name}`}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
