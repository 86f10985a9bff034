import type { components } from '../../api/schema.gen';

type Schemas = components['schemas'];

export type KnowledgeBase = Schemas['KnowledgeBaseView'];
export type NewKnowledgeBase = Schemas['NewKnowledgeBase'];
export type KnowledgeBaseForm = Schemas['KnowledgeBaseForm'];
export type DocumentCounts = Schemas['DocumentCountsView'];
export type AccessEntry = Schemas['AccessEntryView'];
export type AccessEntryForm = Schemas['AccessEntryForm'];
export type KnowledgeDocument = Schemas['DocumentView'];
export type UploadAnswer = Schemas['UploadAnswer'];
export type Uploaded = Schemas['Uploaded'];
export type Passage = Schemas['PassageView'];
export type Citation = Schemas['Citation'];
/** What a search found, best first; `embeddingModel` also ranked them by meaning (none: by words only). */
export interface SearchResults {
  passages: Passage[];
  embeddingModel: string | null;
}

/** Where reading a document stands; the API writes it as a string. */
export type DocumentStatus = 'queued' | 'ingesting' | 'ready' | 'failed';

/** What an upload did with a file; the API writes it as a string. */
export type UploadOutcome = 'added' | 'replaced' | 'unchanged';

/** The status of a document as the UI knows it; an unknown one (a newer server) is shown as waiting. */
export function statusOf(document: Pick<KnowledgeDocument, 'status'>): DocumentStatus {
  const { status } = document;
  return status === 'ingesting' || status === 'ready' || status === 'failed' ? status : 'queued';
}

/** Whether the document is still to be read, or being read: its list is then followed. */
export function isPending(document: Pick<KnowledgeDocument, 'status'>): boolean {
  const status = statusOf(document);
  return status === 'queued' || status === 'ingesting';
}

/** Whether some of a knowledge base's documents are still to be read, or being read: the list is then followed. */
export function hasPendingDocuments(base: Pick<KnowledgeBase, 'documents'>): boolean {
  return base.documents.pending > 0;
}
