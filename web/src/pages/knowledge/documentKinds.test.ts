import { describe, expect, it } from 'vitest';
import { ACCEPT, documentProblem, kindsInWords, MAX_DOCUMENT_BYTES, uploadRules } from './documentKinds';

describe('the kinds of document a knowledge base reads', () => {
  it('derives the picker’s accept list and the words from one list', () => {
    expect(ACCEPT.split(',')).toEqual(
      expect.arrayContaining(['.pdf', '.docx', '.txt', '.md', '.csv', '.png', '.tiff', 'application/pdf', 'text/plain', 'image/jpeg']),
    );
    expect(kindsInWords()).toBe('PDF (.pdf), Word (.docx), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png)');
    expect(uploadRules()).toBe('PDF (.pdf), Word (.docx), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png), up to 50 MB each');
  });

  it('refuses, in words, what it cannot take', () => {
    expect(documentProblem({ name: 'policy.MD', size: 10, type: '' })).toBeNull();
    expect(documentProblem({ name: 'notes', size: 10, type: 'text/plain' })).toBeNull();
    expect(documentProblem({ name: 'scan.pdf', size: 10, type: 'application/pdf' })).toBeNull();
    expect(documentProblem({ name: 'claims.json', size: 10, type: 'application/json' })).toBe(
      'claims.json is not a kind of document Paddock can read yet. Upload PDF (.pdf), Word (.docx), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png).',
    );
    expect(documentProblem({ name: 'big.csv', size: MAX_DOCUMENT_BYTES + 1, type: 'text/csv' })).toMatch(/^big\.csv is 50 MB; a knowledge base takes documents of at most 50 MB\.$/);
    expect(documentProblem({ name: 'empty.txt', size: 0, type: 'text/plain' })).toBe('empty.txt is empty. Choose a file with something in it.');
  });
});
