import { describe, expect, it } from 'vitest';
import { citationText, countsOf, countsSentence, readingProgress } from './format';

describe('knowledge words', () => {
  it('writes a citation with its document, pages and characters', () => {
    const citation = { document_id: 'd1', document_name: 'policy.md', first_page: 1, last_page: 1, start: 120, end: 480 };
    expect(citationText(citation)).toBe('policy.md · p. 1 · chars 120–480');
    expect(citationText({ ...citation, first_page: 2, last_page: 3, start: 12000, end: 12480 })).toBe('policy.md · pp. 2–3 · chars 12,000–12,480');
  });

  it('counts documents in words', () => {
    expect(countsSentence({ total: 0, ready: 0, pending: 0, failed: 0 })).toBe('No documents yet');
    expect(countsSentence({ total: 1, ready: 1, pending: 0, failed: 0 })).toBe('1 document: 1 ready');
    expect(countsSentence({ total: 4, ready: 1, pending: 2, failed: 1 })).toBe('4 documents: 1 ready, 2 waiting to be read, 1 could not be read');
    expect(countsOf([{ status: 'ready' }, { status: 'queued' }, { status: 'ingesting' }, { status: 'failed' }])).toEqual({
      total: 4,
      ready: 1,
      pending: 2,
      failed: 1,
    });
  });

  it('says how far reading has come', () => {
    expect(readingProgress({ pages: null, pages_done: 0 })).toEqual({ text: 'Reading…', percent: null });
    expect(readingProgress({ pages: 10, pages_done: 0 })).toEqual({ text: 'Reading page 1 of 10', percent: 0 });
    expect(readingProgress({ pages: 10, pages_done: 10 })).toEqual({ text: 'Reading page 10 of 10', percent: 100 });
  });
});
