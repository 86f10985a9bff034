import { describe, expect, it } from 'vitest';
import { acceptAttribute, acceptsFile, fileProblem, fileRules, formatBytes, kindWords, mediaType } from './files';

const claimDocument = {
  accept: ['application/pdf', 'image/*', 'text/plain', 'text/markdown'],
  max_bytes: 10 * 1024 * 1024,
  max_size: '10 MB',
};

describe('file checks', () => {
  it('reads the kind from the browser, else from the extension', () => {
    expect(mediaType({ name: 'a.bin', type: 'Text/Plain; charset=utf-8' })).toBe('text/plain');
    expect(mediaType({ name: 'notes.MD', type: '' })).toBe('text/markdown');
    expect(mediaType({ name: 'mystery', type: '' })).toBe('');
  });

  it('accepts media types, families and extensions', () => {
    expect(acceptsFile(claimDocument.accept, { name: 'claim.pdf', type: 'application/pdf' })).toBe(true);
    expect(acceptsFile(claimDocument.accept, { name: 'dent.jpg', type: 'image/jpeg' })).toBe(true);
    expect(acceptsFile(claimDocument.accept, { name: 'notes.md', type: '' })).toBe(true);
    expect(acceptsFile(claimDocument.accept, { name: 'setup.exe', type: 'application/x-msdownload' })).toBe(false);
    expect(acceptsFile(claimDocument.accept, { name: 'photos.zip', type: '' })).toBe(false);
    expect(acceptsFile(claimDocument.accept, { name: 'mystery', type: '' })).toBe(false);
    expect(acceptsFile(['.csv'], { name: 'Rows.CSV', type: 'application/octet-stream' })).toBe(true);
    expect(acceptsFile(null, { name: 'anything.exe', type: '' })).toBe(true);
    expect(acceptsFile([], { name: 'anything.exe', type: '' })).toBe(true);
  });

  it('names the accepted kinds and the size limit in words', () => {
    expect(kindWords(claimDocument.accept)).toBe('PDF, images, plain text or Markdown');
    expect(kindWords(['.csv'])).toBe('.csv files');
    expect(kindWords(undefined)).toBe('any kind of file');
    expect(fileRules(claimDocument)).toBe('PDF, images, plain text or Markdown, up to 10 MB');
    expect(fileRules({ accept: null, max_bytes: 512 * 1024 })).toBe('Any kind of file, up to 512 KB');
    expect(acceptAttribute(claimDocument.accept)).toBe('application/pdf,image/*,text/plain,text/markdown');
    expect(acceptAttribute(null)).toBeUndefined();
  });

  it('writes sizes as the server does', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(11_000_000)).toBe('10.5 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });

  it('says why a file is refused: its kind, its size, or that it is empty', () => {
    expect(fileProblem(claimDocument, { name: 'claim.pdf', type: 'application/pdf', size: 2048 })).toBeNull();
    expect(fileProblem(claimDocument, { name: 'setup.exe', type: 'application/x-msdownload', size: 2048 })).toBe(
      '“setup.exe” is not a kind of file this app accepts. Choose PDF, images, plain text or Markdown.',
    );
    expect(fileProblem(claimDocument, { name: 'blob', type: '', size: 2048 })).toMatch(/cannot recognise/);
    expect(fileProblem(claimDocument, { name: 'scan.pdf', type: 'application/pdf', size: 11_000_000 })).toBe(
      '“scan.pdf” is 10.5 MB, larger than the 10 MB this app accepts. Choose a smaller file.',
    );
    expect(fileProblem(claimDocument, { name: 'empty.txt', type: 'text/plain', size: 0 })).toMatch(/is empty/);
  });
});
