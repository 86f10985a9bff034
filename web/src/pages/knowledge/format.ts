import { formatBytes } from '../apps/form/files';
import { statusOf, type Citation, type DocumentCounts, type DocumentStatus, type KnowledgeDocument } from './types';

export { formatBytes };

/** "1 document", "3 documents". */
export function documents(count: number): string {
  return `${count.toLocaleString('en')} document${count === 1 ? '' : 's'}`;
}

/** "1 passage", "12 passages". */
export function passages(count: number): string {
  return `${count.toLocaleString('en')} passage${count === 1 ? '' : 's'}`;
}

/** "p. 3" or "pp. 3–4". */
export function pageWords(first: number, last: number): string {
  return last > first ? `pp. ${first}–${last}` : `p. ${first}`;
}

/** "policy.md · p. 1 · chars 120–480": where a passage comes from. */
export function citationText(citation: Citation): string {
  const chars = `chars ${citation.start.toLocaleString('en')}–${citation.end.toLocaleString('en')}`;
  return [citation.document_name, pageWords(citation.first_page, citation.last_page), chars].join(' · ');
}

/** "3 ready, 1 being read, 1 could not be read" — or "No documents yet". */
export function countsSentence(counts: DocumentCounts): string {
  if (counts.total === 0) return 'No documents yet';
  const parts = [`${counts.ready.toLocaleString('en')} ready`];
  if (counts.pending > 0) parts.push(`${counts.pending.toLocaleString('en')} waiting to be read`);
  if (counts.failed > 0) parts.push(`${counts.failed.toLocaleString('en')} could not be read`);
  return `${documents(counts.total)}: ${parts.join(', ')}`;
}

/** How a status is shown: its words and its colour. */
export const STATUS_INFO: Readonly<Record<DocumentStatus, { label: string; color: string; help: string }>> = {
  queued: { label: 'Waiting', color: 'gray', help: 'Waiting to be read. It can be searched once it is read.' },
  ingesting: { label: 'Being read', color: 'blue', help: 'Paddock is reading it into passages that can be searched.' },
  ready: { label: 'Ready', color: 'green', help: 'Read: its passages can be searched.' },
  failed: { label: 'Could not be read', color: 'red', help: 'Paddock could not read it; it says why. Fix the file and upload it again, or read it again.' },
};

/** "Reading page 3 of 10", "Reading…": how far reading a document has come. */
export function readingProgress(document: Pick<KnowledgeDocument, 'pages' | 'pages_done'>): { text: string; percent: number | null } {
  const total = document.pages ?? null;
  if (total === null || total === 0) return { text: 'Reading…', percent: null };
  const done = Math.min(document.pages_done, total);
  const current = Math.min(done + 1, total);
  return { text: `Reading page ${current} of ${total}`, percent: Math.round((done / total) * 100) };
}

/** The counts of a list of documents, as the API counts them for a knowledge base. */
export function countsOf(list: readonly Pick<KnowledgeDocument, 'status'>[]): DocumentCounts {
  const counts = { total: list.length, ready: 0, pending: 0, failed: 0 };
  for (const document of list) {
    const status = statusOf(document);
    if (status === 'ready') counts.ready += 1;
    else if (status === 'failed') counts.failed += 1;
    else counts.pending += 1;
  }
  return counts;
}
