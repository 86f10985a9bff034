import { describe, expect, it } from 'vitest';
import { ACCEPT, documentKindName, documentProblem, kindsInWords, MAX_DOCUMENT_BYTES, uploadRules } from './documentKinds';

describe('the kinds of document a knowledge base reads', () => {
  it('derives the picker’s accept list and the words from one list', () => {
    expect(ACCEPT.split(',')).toEqual(
      expect.arrayContaining(['.pdf', '.docx', '.txt', '.md', '.csv', '.png', '.tiff', 'application/pdf', 'text/plain', 'image/jpeg']),
    );
    expect(kindsInWords()).toBe('PDF (.pdf), Word (.docx), HTML (.html), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png)');
    expect(uploadRules()).toBe('PDF (.pdf), Word (.docx), HTML (.html), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png), up to 50 MB each');
  });

  it('refuses, in words, what it cannot take', () => {
    expect(documentProblem({ name: 'policy.MD', size: 10, type: '' })).toBeNull();
    expect(documentProblem({ name: 'notes', size: 10, type: 'text/plain' })).toBeNull();
    expect(documentProblem({ name: 'scan.pdf', size: 10, type: 'application/pdf' })).toBeNull();
    expect(documentProblem({ name: 'claims.json', size: 10, type: 'application/json' })).toBe(
      'claims.json is not a kind of document Paddock can read yet. Upload PDF (.pdf), Word (.docx), HTML (.html), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png).',
    );
    expect(documentProblem({ name: 'big.csv', size: MAX_DOCUMENT_BYTES + 1, type: 'text/csv' })).toMatch(/^big\.csv is 50 MB; a knowledge base takes documents of at most 50 MB\.$/);
    expect(documentProblem({ name: 'empty.txt', size: 0, type: 'text/plain' })).toBe('empty.txt is empty. Choose a file with something in it.');
  });

  it('names each document by its own media type, not by the words for its kind', () => {
    expect(documentKindName('image/png')).toBe('PNG scan');
    expect(documentKindName('image/jpeg')).toBe('JPEG scan');
    expect(documentKindName('image/tiff')).toBe('TIFF scan');
    expect(documentKindName('application/pdf')).toBe('PDF');
    expect(documentKindName('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('Word document');
    expect(documentKindName('text/html')).toBe('HTML');
    expect(documentKindName('text/plain; charset=utf-8')).toBe('Plain text');
    expect(documentKindName('text/markdown')).toBe('Markdown');
    expect(documentKindName('text/x-markdown')).toBe('Markdown');
    expect(documentKindName('TEXT/CSV')).toBe('CSV');
    // One it does not know is shown as the server names it.
    expect(documentKindName('application/json')).toBe('application/json');
    expect(documentKindName('')).toBe('');
  });
});
