/**
 * The kinds of document a knowledge base reads, in one place: the file picker's `accept`, the words under the drop
 * zone and the check made before a file is sent all follow this list. The server checks again (it reads the kind from
 * the content too) and its refusal is shown as it words it, so a kind it learns to read only needs a line here.
 */
import { formatBytes } from '../apps/form/files';

export interface DocumentKind {
  /** What a person calls the kind, in the words under the drop zone: "Markdown", "a PNG, JPEG or TIFF scan". */
  words: string;
  /** The file name endings, with the dot, the first being the usual one. */
  extensions: readonly [string, ...string[]];
  /** The media types browsers give such files (and the server stores), each with what one such document is called: "PNG scan". */
  mediaTypes: Readonly<Record<string, string>>;
}

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  { words: 'PDF', extensions: ['.pdf'], mediaTypes: { 'application/pdf': 'PDF' } },
  {
    words: 'Word',
    extensions: ['.docx'],
    mediaTypes: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document' },
  },
  { words: 'HTML', extensions: ['.html', '.htm'], mediaTypes: { 'text/html': 'HTML' } },
  { words: 'plain text', extensions: ['.txt', '.log'], mediaTypes: { 'text/plain': 'Plain text' } },
  {
    words: 'Markdown',
    extensions: ['.md', '.markdown'],
    mediaTypes: { 'text/markdown': 'Markdown', 'text/x-markdown': 'Markdown' },
  },
  { words: 'CSV', extensions: ['.csv'], mediaTypes: { 'text/csv': 'CSV' } },
  {
    words: 'a PNG, JPEG or TIFF scan',
    extensions: ['.png', '.jpg', '.jpeg', '.tif', '.tiff'],
    mediaTypes: { 'image/png': 'PNG scan', 'image/jpeg': 'JPEG scan', 'image/tiff': 'TIFF scan' },
  },
];

/** The largest document a knowledge base takes (the server's limit). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** The file picker's `accept`: every ending and media type above. */
export const ACCEPT = DOCUMENT_KINDS.flatMap((kind) => [...kind.extensions, ...Object.keys(kind.mediaTypes)]).join(',');

/** "PDF (.pdf), Word (.docx), … or a PNG, JPEG or TIFF scan (.png)". */
export function kindsInWords(kinds: readonly DocumentKind[] = DOCUMENT_KINDS): string {
  const words = kinds.map((kind) => `${kind.words} (${kind.extensions[0]})`);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

/** What the drop zone says it takes. */
export function uploadRules(): string {
  const words = kindsInWords();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}, up to ${formatBytes(MAX_DOCUMENT_BYTES)} each`;
}

/** "image/png; x=y" → "image/png": a media type without its parameters, in lower case. */
function essence(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** The kind whose media types include `mediaType` (its essence); undefined for one Paddock does not read. */
function kindOfMediaType(mediaType: string): DocumentKind | undefined {
  const type = essence(mediaType);
  return type === '' ? undefined : DOCUMENT_KINDS.find((kind) => Object.hasOwn(kind.mediaTypes, type));
}

/** "PNG scan", "Word document": what one document of this media type is called; the media type itself for another. */
export function documentKindName(mediaType: string): string {
  return kindOfMediaType(mediaType)?.mediaTypes[essence(mediaType)] ?? mediaType;
}

function endsWithKnown(name: string): boolean {
  const lower = name.toLowerCase();
  return DOCUMENT_KINDS.some((kind) => kind.extensions.some((extension) => lower.endsWith(extension)));
}

/** Why a file cannot go into a knowledge base, in words; null when it may be sent. */
export function documentProblem(file: { name: string; size: number; type: string }): string | null {
  const known = endsWithKnown(file.name) || kindOfMediaType(file.type) !== undefined;
  if (!known) return `${file.name} is not a kind of document Paddock can read yet. Upload ${kindsInWords()}.`;
  if (file.size > MAX_DOCUMENT_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; a knowledge base takes documents of at most ${formatBytes(MAX_DOCUMENT_BYTES)}.`;
  }
  if (file.size === 0) return `${file.name} is empty. Choose a file with something in it.`;
  return null;
}
