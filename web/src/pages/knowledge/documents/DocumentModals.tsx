import { Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useLastValue } from '../../../components/useLastValue';
import { useRemoveDocument, useRereadDocument } from '../queries';
import type { KnowledgeDocument } from '../types';

interface DocumentModalProps {
  slug: string;
  /** The document asked about; the modal is closed while null. */
  document: KnowledgeDocument | null;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Asks before removing a document and its passages. */
export function RemoveDocumentModal({ slug, document: current, onClose, onDone }: DocumentModalProps) {
  const document = useLastValue(current);
  const remove = useRemoveDocument(slug);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={current !== null}
      title={document ? `Remove ${document.name}?` : ''}
      confirmLabel="Remove document"
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        document &&
        remove.mutate(document.id, {
          onSuccess: () => {
            remove.reset();
            onDone(`${document.name} is removed: searches and workflows no longer find its passages.`);
          },
        })
      }
      onClose={close}
      testId="remove-document-confirm"
    >
      {document && (
        <Text size="sm">
          The document and its {document.passages === 1 ? 'passage are' : 'passages are'} removed at once: searches and
          workflows no longer find them. This cannot be undone; to have it again, upload it again.
        </Text>
      )}
    </ConfirmModal>
  );
}

/** Asks before reading a document again. */
export function RereadDocumentModal({ slug, document: current, onClose, onDone }: DocumentModalProps) {
  const document = useLastValue(current);
  const reread = useRereadDocument(slug);
  const close = () => {
    reread.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={current !== null}
      title={document ? `Read ${document.name} again?` : ''}
      confirmLabel="Read again"
      pending={reread.isPending}
      error={reread.error}
      onConfirm={() =>
        document &&
        reread.mutate(document.id, {
          onSuccess: () => {
            reread.reset();
            onDone(`${document.name} is waiting to be read again.`);
          },
        })
      }
      onClose={close}
      testId="reread-document-confirm"
    >
      {document && (
        <Text size="sm">
          Paddock reads the file it has again, from the start, and replaces its passages when done. Use this after a
          failure, or to benefit from better reading. To change its content, upload a new copy under the same name instead.
        </Text>
      )}
    </ConfirmModal>
  );
}
