import { describe, expect, it } from 'vitest';
import { deletedNote, documentFacts, documentsIn, isDocumentOutput, isPastRetention, retentionDay } from './documentFile';

const letter = { artifact: 'a-1', name: 'claim.pdf', media_type: 'application/pdf', size: 12_800, download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002' };

describe('a document a run wrote', () => {
  it("recognises a document step's output by its name, media type and download path", () => {
    expect(isDocumentOutput(letter)).toBe(true);
    expect(isDocumentOutput({ ...letter, size: undefined })).toBe(true);
    expect(isDocumentOutput({ ...letter, size: '12 KB' })).toBe(false);
    expect(isDocumentOutput({ ...letter, download: 'javascript:alert(1)' })).toBe(false);
    expect(isDocumentOutput({ ...letter, download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002/../../../audit/export' })).toBe(false);
    expect(isDocumentOutput({ name: 'claim.pdf', media_type: 'application/pdf' })).toBe(false);
    expect(documentsIn([letter, letter])).toHaveLength(2);
    expect(documentsIn([])).toBeNull();
    expect(documentsIn('claim.pdf')).toBeNull();
  });

  it('says its kind and size in words', () => {
    expect(documentFacts(letter)).toBe('PDF · 12.5 KB');
    expect(documentFacts({ media_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 900 })).toBe('Word document · 900 bytes');
    expect(documentFacts({ media_type: 'text/markdown; charset=utf-8' })).toBe('Markdown');
  });

  it('knows when its retention ended, and says when it was deleted', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(isPastRetention('2026-11-28T11:59:59Z', now)).toBe(true);
    expect(isPastRetention('2026-12-28T12:00:00Z', now)).toBe(false);
    expect(isPastRetention(undefined, now)).toBe(false);
    expect(deletedNote('2026-11-01T12:00:00Z')).toBe(`Deleted on ${retentionDay('2026-11-01T12:00:00Z')} at the end of its retention`);
  });
});
