import { Alert, Paper, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconFileText } from '@tabler/icons-react';
import { useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { useDocuments } from '../queries';
import type { KnowledgeBase, KnowledgeDocument } from '../types';
import { RemoveDocumentModal, RereadDocumentModal } from './DocumentModals';
import { DocumentTable } from './DocumentTable';
import { UploadList } from './UploadList';
import { UploadZone } from './UploadZone';
import { useUploads } from './useUploads';

function NoDocuments({ manage }: { manage: boolean }) {
  return (
    <Paper radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="documents-empty">
      <Stack gap={4} align="center" ta="center">
        <IconFileText size={28} stroke={1.6} color="var(--mantine-color-dimmed)" />
        <Text fw={500}>No documents yet</Text>
        <Text size="sm" c="dimmed" maw={480}>
          {manage
            ? 'Drop the documents it should hold above. Each is read into passages that searches and workflows can find, with a citation back to its page.'
            : 'Its stewards have not added any documents yet.'}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The documents of a knowledge base: uploaded here by those who manage it, followed while they are read. */
export function DocumentsTab({ base }: { base: KnowledgeBase }) {
  const documents = useDocuments(base.slug);
  const uploads = useUploads(base.slug);
  const [notice, setNotice] = useState<string | null>(null);
  const [rereading, setRereading] = useState<KnowledgeDocument | null>(null);
  const [removing, setRemoving] = useState<KnowledgeDocument | null>(null);
  const manage = base.may_manage;

  return (
    <Stack gap="md">
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          role="status"
          data-testid="documents-notice"
        >
          {notice}
        </Alert>
      )}
      {manage && <UploadZone onFiles={uploads.add} />}
      <UploadList items={uploads.items} onClear={uploads.clear} />
      <QueryState query={documents} errorTitle="The documents could not be loaded" loadingLabel="Loading documents" rows={3}>
        {documents.data !== undefined &&
          (documents.data.length === 0 ? (
            <NoDocuments manage={manage} />
          ) : (
            <DocumentTable documents={documents.data} manage={manage} onReread={setRereading} onRemove={setRemoving} />
          ))}
      </QueryState>
      <RereadDocumentModal
        slug={base.slug}
        document={rereading}
        onClose={() => setRereading(null)}
        onDone={(message) => {
          setRereading(null);
          setNotice(message);
        }}
      />
      <RemoveDocumentModal
        slug={base.slug}
        document={removing}
        onClose={() => setRemoving(null)}
        onDone={(message) => {
          setRemoving(null);
          setNotice(message);
        }}
      />
    </Stack>
  );
}
