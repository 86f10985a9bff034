import { countsOf } from './format';
import { useDocuments } from './queries';
import type { DocumentCounts, KnowledgeBase } from './types';

/** How many documents stand where: from the documents as last read (followed while they are read), else the base's. */
export function useCounts(base: KnowledgeBase): DocumentCounts {
  const documents = useDocuments(base.slug);
  return documents.data === undefined ? base.documents : countsOf(documents.data);
}
